import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A child process whose stdout lines and stderr text are collected as they come. */
export class Tracked {
  readonly lines: string[] = [];
  stderr = '';
  readonly exited: Promise<Exit>;
  private waiters: (() => void)[] = [];

  constructor(readonly child: ChildProcess) {
    if (child.stdout !== null) {
      createInterface({ input: child.stdout }).on('line', (line) => {
        this.lines.push(line);
        this.notify();
      });
    }
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    this.exited = new Promise((resolve) => {
      child.on('close', (code, signal) => {
        this.notify();
        resolve({ code, signal });
      });
      // A program that cannot be started never closes: report it as an exit.
      child.on('error', (error) => {
        this.stderr += `spawn failed: ${error.message}\n`;
        this.notify();
        resolve({ code: null, signal: null });
      });
    });
  }

  /** The exit, or undefined if the process is still running after `ms`. */
  async exitWithin(ms: number): Promise<Exit | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        resolve(undefined);
      }, ms);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Resolves with the first stdout line (past or future) the predicate accepts. */
  async waitForLine(accept: (line: string) => boolean, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(accept);
      if (found !== undefined) return found;
      if (this.child.exitCode !== null || this.child.signalCode !== null || Date.now() > deadline) {
        throw new Error(
          `no matching line from pid ${this.pid} within ${timeoutMs} ms (exit ${String(this.child.exitCode)})\nstdout:\n${this.lines.join('\n')}\nstderr:\n${this.stderr}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The JSON objects printed on stdout so far. */
  events(): Record<string, unknown>[] {
    return this.lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** Whether a pid is a live (not zombie) process. */
export function isAlive(pid: number): boolean {
  if (pid <= 0 || !existsSync(`/proc/${pid}/stat`)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX] /s.test(stat);
  } catch {
    return false;
  }
}

/**
 * Starts processes and remembers them, so a suite can kill whatever it started even
 * when a test fails half-way, and prove afterwards that none is left.
 */
export class ProcessTracker {
  private readonly started: Tracked[] = [];

  spawn(file: string, args: readonly string[], env?: NodeJS.ProcessEnv): Tracked {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], env: env ?? process.env });
    const tracked = new Tracked(child);
    this.started.push(tracked);
    return tracked;
  }

  /** SIGKILL everything still running, and wait until it is reaped. */
  async killAll(): Promise<void> {
    for (const tracked of this.started) {
      if (tracked.child.exitCode === null && tracked.child.signalCode === null) {
        tracked.child.kill('SIGKILL');
      }
    }
    await Promise.all(this.started.map((t) => t.exitWithin(5000)));
    for (const tracked of this.started) tracked.child.stdin?.destroy();
  }

  /** Pids this tracker started that are still alive. */
  alive(): number[] {
    return this.started.map((t) => t.pid).filter(isAlive);
  }
}
