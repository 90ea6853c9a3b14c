import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Starts a long-lived helper (conntrack, ss) with an argument array, never a shell;
 * `stdin`, when given, is a file descriptor the child reads as its standard input.
 */
export type Spawn = (file: string, args: readonly string[], stdin?: number) => ChildProcess;

/**
 * With util-linux's `setpriv --pdeathsig KILL`, a helper dies with the proxy even when the
 * proxy is killed with SIGKILL (a bare proxy in a namespace has no tini to reap them);
 * without setpriv, helpers are spawned directly and end on their own (see killer.ts).
 */
export function spawner(setpriv: string | undefined): Spawn {
  return (file, args, stdin) => {
    const [command, argv] =
      setpriv === undefined
        ? [file, [...args]]
        : [setpriv, ['--pdeathsig', 'KILL', '--', file, ...args]];
    return spawn(command, argv, { stdio: [stdin ?? 'pipe', 'pipe', 'pipe'] });
  };
}

/** SIGTERM, and SIGKILL if it is still there after `graceMs`; resolves once it is gone. */
export function stopChild(child: ChildProcess, graceMs = 1000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
