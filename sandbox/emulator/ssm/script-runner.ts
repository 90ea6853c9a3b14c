/**
 * Runs one AWS-RunShellScript invocation the way the SSM agent does on Linux: the
 * commands joined by newlines into `_script.sh` in the orchestration directory, started
 * as `sh -c <script>` in its own process group, its output piped into files. Like the
 * agent (Go's exec.Wait on pipes), an invocation ends when the shell has exited AND every
 * process holding its stdout/stderr has closed them: a background child that keeps them
 * open keeps the command InProgress. Cancel and timeout SIGKILL the whole group at once
 * (a `trap` in the script never runs); a process that left the group (setsid) survives,
 * as on a real host.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { chmod, mkdir, open, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';

export interface ScriptSpec {
  /** The orchestration directory of this invocation. */
  directory: string;
  commands: string[];
  cwd: string;
  env: Record<string, string>;
}

export interface ScriptExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Why the shell could not start (e.g. a missing working directory). */
  startError?: string;
}

export interface ScriptRun {
  readonly pid: number | undefined;
  /** Resolves when the shell exited and its output pipes closed. */
  readonly finished: Promise<ScriptExit>;
  readonly stdoutPath: string;
  readonly stderrPath: string;
  /** SIGKILL to the process group; resolves once the shell is gone and output stopped. */
  killGroup(): Promise<void>;
}

export async function startScript(spec: ScriptSpec): Promise<ScriptRun> {
  await mkdir(spec.directory, { recursive: true, mode: 0o700 });
  const cwd = await stat(spec.cwd).catch(() => undefined);
  // Go's exec reports a missing Dir this way; the agent prefixes "failed to run commands".
  if (cwd?.isDirectory() !== true) throw new Error(`chdir ${spec.cwd}: no such file or directory`);
  const script = join(spec.directory, '_script.sh');
  await writeFile(script, `${spec.commands.join('\n')}\n`);
  await chmod(script, 0o700);
  const stdoutPath = join(spec.directory, 'stdout');
  const stderrPath = join(spec.directory, 'stderr');
  const files = [createWriteStream(stdoutPath), createWriteStream(stderrPath)] as const;
  await Promise.all(files.map((file) => once(file, 'open')));
  const child = spawn('sh', ['-c', script], {
    cwd: spec.cwd,
    env: spec.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(files[0]);
  child.stderr.pipe(files[1]);
  const flushed = Promise.all(files.map((file) => once(file, 'close')));
  const exited = new Promise<ScriptExit>((resolve) => {
    child.once('error', (error) => {
      resolve({ exitCode: 1, signal: null, startError: error.message });
    });
    child.once('close', (exitCode: number | null, signal: NodeJS.Signals | null) => {
      resolve({ exitCode, signal });
    });
  });
  const finished = exited.then(async (exit) => {
    if (exit.startError !== undefined) stopOutput(child, files);
    await flushed;
    return exit;
  });
  return {
    pid: child.pid,
    finished,
    stdoutPath,
    stderrPath,
    killGroup: () => kill(child, files, flushed),
  };
}

async function kill(
  child: ChildProcess,
  files: readonly WriteStream[],
  flushed: Promise<unknown>,
): Promise<void> {
  const gone = child.exitCode !== null || child.signalCode !== null;
  const exit = gone ? Promise.resolve() : once(child, 'exit');
  if (child.pid !== undefined) killProcessGroup(child.pid);
  await exit;
  stopOutput(child, files);
  await flushed;
}

/** The agent stops copying output at a kill, even if an escaped process still writes. */
function stopOutput(child: ChildProcess, files: readonly WriteStream[]): void {
  child.stdout?.unpipe();
  child.stderr?.unpipe();
  child.stdout?.destroy();
  child.stderr?.destroy();
  for (const file of files) file.end();
}

export function killProcessGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** The first `limit` bytes of an output file, as the agent reads it (LimitReader). */
export async function readHead(path: string, limit: number): Promise<string> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(limit);
    const { bytesRead } = await file.read(buffer, 0, limit, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await file.close();
  }
}
