import { spawn } from 'node:child_process';

export interface RunOptions {
  /** Added to the test process's environment (PATH stays). */
  readonly env?: Readonly<Record<string, string>>;
  readonly input?: string;
  readonly timeoutMs?: number;
  /** Return a non-zero exit instead of throwing. */
  readonly allowFailure?: boolean;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** Raised with the command, its exit and its stderr, so a failing test says why. */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly result: RunResult,
  ) {
    super(`'${command}' exited ${result.code}: ${result.stderr.trim() || result.stdout.trim()}`);
  }
}

export function describeCommand(file: string, args: readonly string[]): string {
  return [file, ...args].join(' ');
}

/**
 * Runs a program with an argument array (never a shell), bounded in time: on timeout it
 * is killed and the call fails naming the command.
 */
export function run(
  file: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const command = describeCommand(file, args);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: { ...process.env, ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`'${command}' did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`'${command}' could not start: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result = {
        code: code ?? (signal === null ? 1 : 128),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      };
      if (result.code !== 0 && options.allowFailure !== true) {
        reject(new CommandError(command, result));
      } else {
        resolve(result);
      }
    });
    // A program may exit without reading its input; that is its answer, not an error.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input);
  });
}

export interface PipeEnd {
  readonly file: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

function settle(file: string, args: readonly string[], env: PipeEnd['env']) {
  const child = spawn(file, args, { env: { ...process.env, ...env } });
  const err: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `'${describeCommand(file, args)}' exited ${code ?? 'on a signal'}: ` +
              Buffer.concat(err).toString('utf8').trim(),
          ),
        );
    });
  });
  return { child, done };
}

/** `from | to`, both argument arrays, bounded in time; fails when either side fails. */
export async function pipe(from: PipeEnd, to: PipeEnd, timeoutMs = DEFAULT_TIMEOUT_MS) {
  const source = settle(from.file, from.args, from.env);
  const sink = settle(to.file, to.args, to.env);
  source.child.stdout.pipe(sink.child.stdin);
  const timer = setTimeout(() => {
    source.child.kill('SIGKILL');
    sink.child.kill('SIGKILL');
  }, timeoutMs);
  try {
    await Promise.all([source.done, sink.done]);
  } finally {
    clearTimeout(timer);
  }
}
