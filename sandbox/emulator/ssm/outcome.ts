/**
 * The agent's report of an invocation: status from the exit code (0 Success, else
 * Failed; 137 after a kill for cancel/timeout), stdout's first 24,000 and stderr's first
 * 8,000 characters, and the agent's own "failed to run commands" line on failure.
 */
import type { Invocation, InvocationStatus, Report } from './invocation.js';
import { readHead, type ScriptExit, type ScriptRun } from './script-runner.js';

export const STDOUT_LIMIT = 24_000;
export const STDERR_LIMIT = 8_000;
/** The agent's exit code for a command it killed (appconfig.CommandStoppedPreemptivelyExitCode). */
export const STOPPED_EXIT_CODE = 137;

export function failureReport(status: InvocationStatus, details: string): Report {
  return { status, details, responseCode: 1, stdout: '', stderr: '' };
}

async function outputs(run: ScriptRun): Promise<{ stdout: string; stderr: string }> {
  const [stdout, stderr] = await Promise.all([
    readHead(run.stdoutPath, STDOUT_LIMIT),
    readHead(run.stderrPath, STDERR_LIMIT),
  ]);
  return { stdout: stdout.slice(0, STDOUT_LIMIT), stderr: stderr.slice(0, STDERR_LIMIT) };
}

export async function stoppedReport(run: ScriptRun, outcome: 'Cancelled' | 'TimedOut') {
  const { stdout, stderr } = await outputs(run);
  const details = outcome === 'Cancelled' ? 'Cancelled' : 'ExecutionTimedOut';
  return { status: outcome, details, responseCode: STOPPED_EXIT_CODE, stdout, stderr };
}

export async function successOrFailure(invocation: Invocation, exit: ScriptExit): Promise<Report> {
  const run = invocation.run;
  if (run === undefined) return failureReport('Failed', 'Failed');
  const { stdout, stderr } = await outputs(run);
  const reason =
    exit.startError ??
    (exit.signal === null
      ? `exit status ${exit.exitCode ?? -1}`
      : `signal: ${signalWord(exit.signal)}`);
  const code = exit.signal === null ? (exit.exitCode ?? -1) : -1;
  return exit.exitCode === 0
    ? finishedReport(0, stdout, stderr)
    : finishedReport(code, stdout, stderr, reason);
}

/** Success on exit 0, else Failed under the agent's own "failed to run commands" line. */
export function finishedReport(
  exitCode: number,
  stdout: string,
  stderr: string,
  reason = `exit status ${exitCode}`,
): Report {
  const out = stdout.slice(0, STDOUT_LIMIT);
  if (exitCode === 0) {
    return {
      status: 'Success',
      details: 'Success',
      responseCode: 0,
      stdout: out,
      stderr: stderr.slice(0, STDERR_LIMIT),
    };
  }
  const agentLine = `failed to run commands: ${reason}`;
  return {
    status: 'Failed',
    details: 'Failed',
    responseCode: exitCode,
    stdout: out,
    stderr: (stderr === '' ? agentLine : `${agentLine}\n${stderr}`).slice(0, STDERR_LIMIT),
  };
}

/** Go's words for the signals a script is likely to die of. */
function signalWord(signal: NodeJS.Signals): string {
  const words: Partial<Record<NodeJS.Signals, string>> = {
    SIGKILL: 'killed',
    SIGTERM: 'terminated',
    SIGINT: 'interrupt',
    SIGSEGV: 'segmentation fault',
    SIGPIPE: 'broken pipe',
  };
  return words[signal] ?? signal;
}
