/**
 * The environment as a value: only src/config/environment.ts reads the process's; everything
 * else receives one, so tests pass plain objects and nothing reads globals.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

/** What a subcommand gets from the outside world; tests build one by hand. */
export interface CliContext {
  /** Arguments after the subcommand name. */
  readonly args: readonly string[];
  readonly env: Environment;
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  /** Aborted on the first SIGTERM or SIGINT; `reason` is the signal name. */
  readonly signal: AbortSignal;
}

/** A subcommand returns its exit code; only the entry point ends the process. */
export type Subcommand = (context: CliContext) => Promise<number>;

export const EXIT = {
  ok: 0,
  fail: 1,
  invalid: 2,
  error: 3,
  sigint: 130,
  sigterm: 143,
} as const;
