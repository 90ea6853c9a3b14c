import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repositoryRoot } from '../kube/paths.js';

/** The CLI of this checkout (`make build` first), also when this file runs from .build/. */
export const BIN = join(repositoryRoot(), 'bin', 'ecs-http-chaos');
const MAX_RUN_MS = 240_000;

/** One line of `run`'s log with LOG_FORMAT=json. */
export interface LogLine {
  readonly level: string;
  readonly phase: string;
  readonly message: string;
  readonly timestamp: string;
  readonly [key: string]: unknown;
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly lines: readonly LogLine[];
  readonly stderr: string;
  readonly startedMs: number;
  readonly endedMs: number;
  /** The ChaosResult in `resultFile`, when the run wrote one there. */
  readonly result: Record<string, unknown> | undefined;
}

export interface ExecutorOptions {
  /** The child's whole environment: nothing of the caller's is inherited. */
  readonly env: Record<string, string>;
  /** CHAOS_RESULT_FILE, read by finished(). */
  readonly resultFile?: string;
  /** Called with every log line as it arrives (after it is recorded). */
  readonly onLine?: (line: LogLine) => void;
  /** SIGKILL after this long: a run never outlives its caller's budget. */
  readonly maxRunMs?: number;
}

/** The AWS side of the environment: the emulator as endpoint, with made-up credentials. */
export function emulatorAwsEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIAEHCE2EEXECUTOR01',
    AWS_SECRET_ACCESS_KEY: 'not-a-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

let counter = 0;

/** A chaos UID per run: host tombstones and locks are per chaos id. */
export function newChaosUid(prefix = 'e2e'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${Date.now().toString(36)}`;
}

/**
 * `bin/ecs-http-chaos run` as the chaos infrastructure runs it: a child process with only
 * the environment it is given, its JSON log lines collected as they come.
 */
export class ExecutorRun {
  readonly lines: LogLine[] = [];
  readonly startedMs = Date.now();
  private stderr = '';
  private readonly child: ChildProcess;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** After the exit and after stdout is drained: every line the run wrote has been taken. */
  private readonly closed: Promise<void>;
  private readonly waiters: {
    test: (line: LogLine) => boolean;
    resolve: (line: LogLine) => void;
  }[] = [];

  constructor(private readonly options: ExecutorOptions) {
    this.child = spawn(BIN, ['run'], { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    this.child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const part of parts) this.take(part);
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    this.closed = new Promise((done) => {
      this.child.on('close', () => {
        done();
      });
      this.child.on('error', () => {
        done();
      });
    });
    this.exited = new Promise((done) => {
      this.child.on('exit', (code, signal) => {
        done({ code, signal });
      });
      // A CLI that cannot be started never exits: report it as an exit, with the reason.
      this.child.on('error', (error) => {
        this.stderr += `could not start ${BIN}: ${error.message}\n`;
        done({ code: null, signal: null });
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** What the run wrote on stderr so far (the file sink's summary, config errors). */
  get errorText(): string {
    return this.stderr;
  }

  private take(text: string): void {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { level: 'raw', phase: '', message: text, timestamp: new Date().toISOString() };
    }
    this.lines.push(line);
    this.options.onLine?.(line);
    for (const waiter of [...this.waiters]) {
      if (waiter.test(line)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  }

  /** The first log line (already seen or to come) that passes `test`, bounded in time. */
  waitFor(what: string, test: (line: LogLine) => boolean, timeoutMs = 90_000): Promise<LogLine> {
    const seen = this.lines.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const fail = (why: string) => {
        clearTimeout(timer);
        reject(new Error(`no log line "${what}": ${why}; stderr: ${this.stderr.slice(-2000)}`));
      };
      const timer = setTimeout(() => {
        fail(`not within ${timeoutMs} ms`);
      }, timeoutMs);
      // A run that ends without the line fails the wait at once, leaving no timer behind.
      void this.closed.then(() => {
        if (this.lines.some(test)) return;
        fail('the run exited first');
      });
      this.waiters.push({
        test,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  }

  /** Whether the process is still running. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  async finished(): Promise<RunResult> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), this.options.maxRunMs ?? MAX_RUN_MS);
    const { code, signal } = await this.exited;
    clearTimeout(timer);
    const endedMs = Date.now();
    const file = this.options.resultFile;
    const text =
      file === undefined ? undefined : await readFile(file, 'utf8').catch(() => undefined);
    return {
      code,
      signal,
      lines: this.lines,
      stderr: this.stderr,
      startedMs: this.startedMs,
      endedMs,
      result: text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>),
    };
  }
}

/** The time a log line was written, in ms. */
export const timeOf = (line: LogLine): number => Date.parse(line.timestamp);
