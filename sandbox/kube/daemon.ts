// A test daemon (etcd, kube-apiserver) started through tether.sh so it dies with the test
// process even when the teardown never runs; its output goes to a log file whose tail is
// quoted when it fails to start.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { tetherScript } from './paths.js';

export interface Daemon {
  readonly name: string;
  readonly logFile: string;
  /** Rejects-free: resolves with the exit code (or signal name) once the daemon is gone. */
  readonly exited: Promise<number | string>;
  isRunning(): boolean;
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

/** `command`: the program and its arguments, e.g. what Placement.wrap returns. */
export function startDaemon(
  name: string,
  [binary, args]: readonly [string, readonly string[]],
  logFile: string,
  env: Readonly<Record<string, string>> = {},
): Daemon {
  const log = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    // A process group of its own: a Ctrl-C meant for the test (or `make demo`) must not
    // stop the API before the run has written its last result; tether.sh still ends it
    // when this process dies.
    child = spawn(tetherScript(), [String(process.pid), binary, ...args], {
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...process.env, ...env },
    });
  } finally {
    closeSync(log);
  }
  let running = true;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (error) => {
      running = false;
      resolve(error.message);
    });
  });
  const logTail = (lines = 20): string => {
    try {
      return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  };
  const stop = async (): Promise<void> => {
    if (!running) return;
    child.kill('SIGTERM');
    await exited;
  };
  return { name, logFile, exited, isRunning: () => running, logTail, stop };
}
