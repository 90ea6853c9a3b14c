import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CLUSTER, IMAGE, PORT, REGION } from './world.js';

const BIN = resolve(import.meta.dirname, '../../../bin/ecs-http-chaos');
const MAX_RUN_MS = 240_000;

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
  readonly result: Record<string, unknown> | undefined;
}

let counter = 0;

/** A chaos UID per run: host tombstones and locks are per chaos id. */
export function newChaosUid(): string {
  counter += 1;
  return `e2e-${process.pid}-${counter}-${Date.now().toString(36)}`;
}

/**
 * `bin/ecs-http-chaos run` as the chaos infrastructure runs it: a child process with only
 * its environment (no inherited AWS or Kubernetes settings), the emulator as endpoint.
 */
export class CliRun {
  readonly lines: LogLine[] = [];
  readonly startedMs = Date.now();
  private stderr = '';
  private readonly child: ChildProcess;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly waiters: {
    test: (line: LogLine) => boolean;
    resolve: (line: LogLine) => void;
  }[] = [];

  constructor(
    readonly home: string,
    env: Record<string, string>,
  ) {
    this.child = spawn(BIN, ['run'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
    this.exited = new Promise((done) => {
      this.child.on('exit', (code, signal) => {
        done({ code, signal });
      });
    });
  }

  static async start(endpoint: string, env: Record<string, string>): Promise<CliRun> {
    const home = await mkdtemp(join(tmpdir(), 'ehc-e2e-run-'));
    return new CliRun(home, {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: home,
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'AKIAEHCE2EEXECUTOR01',
      AWS_SECRET_ACCESS_KEY: 'not-a-secret',
      AWS_EC2_METADATA_DISABLED: 'true',
      CLUSTER_NAME: CLUSTER,
      REGION,
      TARGET_SERVICE_PORT: String(PORT),
      LIB_IMAGE: IMAGE,
      INSTALL_DEPENDENCIES: 'false',
      PROXY_DRAIN_SECONDS: '1',
      LOG_FORMAT: 'json',
      CHAOS_RESULT_FILE: join(home, 'chaosresult.json'),
      ...env,
    });
  }

  private take(text: string): void {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { level: 'raw', phase: '', message: text, timestamp: new Date().toISOString() };
    }
    this.lines.push(line);
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
      const timer = setTimeout(() => {
        reject(
          new Error(
            `no log line "${what}" within ${timeoutMs} ms; stderr: ${this.stderr.slice(-2000)}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push({
        test,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async finished(): Promise<RunResult> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), MAX_RUN_MS);
    const { code, signal } = await this.exited;
    clearTimeout(timer);
    const endedMs = Date.now();
    const text = await readFile(join(this.home, 'chaosresult.json'), 'utf8').catch(() => undefined);
    await rm(this.home, { recursive: true, force: true });
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
