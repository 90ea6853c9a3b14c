// What a run writes, in the words of docs/reference/litmus.md and ADRs 0060/0062: the events of each
// phase and verdict, probe statuses, and the exit code check with the run's own output.
import type { RunResult } from '../executor/cli.js';
import type { ExpectedEvent } from './expectations.js';
import { EXPERIMENT, type Json } from './litmus.js';

/** The exit code, with the end of the run's output when it is not the expected one. */
export function expectExit(result: RunResult, code: number): void {
  if (result.code === code) return;
  const tail = result.lines.slice(-12).map((line) => JSON.stringify(line));
  throw new Error(
    `exit ${String(result.code)}, expected ${code}; last log lines:\n${tail.join('\n')}\nstderr: ${result.stderr.slice(-2000)}`,
  );
}

export const passed = (target: string): Json => ({
  verdict: 'Passed',
  description: `GET ${target}: status actual 200, expected == 200`,
});
export const reset = (target: string): string =>
  `GET ${target}: ECONNRESET (connection reset by peer)`;
export const NOT_EVALUATED = {
  verdict: 'N/A',
  description: 'Either probe is not executed or not evaluated',
};

const ev = (
  reason: string,
  type: 'Normal' | 'Warning',
  message: string,
  on: ExpectedEvent['on'],
): ExpectedEvent => ({ reason, type, message, on });

export const AWAITED = ev(
  'Awaited',
  'Normal',
  `experiment: ${EXPERIMENT}, Result: Awaited`,
  'ChaosResult',
);
/** PreChaosCheck / PostChaosCheck in litmus-go's words, written after the checks. */
export const preCheck = (message: string, type: 'Normal' | 'Warning' = 'Normal'): ExpectedEvent =>
  ev('PreChaosCheck', type, message, 'ChaosEngine');
export const postCheck = (message: string, type: 'Normal' | 'Warning' = 'Normal'): ExpectedEvent =>
  ev('PostChaosCheck', type, message, 'ChaosEngine');
export const PRE = preCheck('AUT: Running, Probes: Successful');
export const INJECT = ev(
  'ChaosInject',
  'Normal',
  `Injecting ${EXPERIMENT} chaos on 2 target(s) (step 1 of 1)`,
  'ChaosEngine',
);
export const POST = postCheck('AUT: Running, Probes: Successful');

/** `Pass`/`Fail`/`Stopped`/`Error` on the result: "experiment: <name>, Result: <verdict>". */
export const verdictEvent = (verdict: 'Pass' | 'Fail' | 'Stopped' | 'Error'): ExpectedEvent =>
  ev(
    verdict,
    verdict === 'Pass' ? 'Normal' : 'Warning',
    `experiment: ${EXPERIMENT}, Result: ${verdict}`,
    'ChaosResult',
  );

const counts = (evidence: Json | undefined): string =>
  evidence === undefined
    ? ''
    : ` (connections: ${String(evidence['connections'])}, resets: ${String(evidence['resets'])})`;

/**
 * The Summary on the engine: "<name> experiment has been Passed|Failed" for a completed
 * run, "experiment: <name>, Result: Stopped|Error" for one that ended early, with the
 * evidence counts when the fault was injected.
 */
export const summary = (verdict: string, evidence: Json | undefined): ExpectedEvent =>
  ev(
    'Summary',
    verdict === 'Pass' ? 'Normal' : 'Warning',
    `${verdict === 'Pass' || verdict === 'Fail' ? `${EXPERIMENT} experiment has been ${verdict}ed` : `experiment: ${EXPERIMENT}, Result: ${verdict}`}${counts(evidence)}`,
    'ChaosEngine',
  );

/** After a signal: the Summary and the Abort event of litmus-go's AbortWatcher. */
export const abortSummary = (evidence: Json | undefined): ExpectedEvent =>
  ev(
    'Summary',
    'Warning',
    `${EXPERIMENT} experiment has been aborted${counts(evidence)}`,
    'ChaosEngine',
  );

export const ABORT = ev(
  'Abort',
  'Warning',
  `${EXPERIMENT} experiment has been aborted`,
  'ChaosResult',
);
