import { EXIT } from '../core/context.js';
import { asChaosError } from '../errors/chaos-error.js';
import type { Logger } from '../log/logger.js';
import type { Outcome } from '../result/outcome.js';

export interface ExitInput {
  readonly outcome: Outcome;
  /** CHAOSENGINE is set: the Litmus chaos runner started this pod as a Job. */
  readonly underRunner: boolean;
  /** The ChaosResult holds the final verdict. */
  readonly verdictWritten: boolean;
}

export interface Exit {
  readonly code: number;
  /** Why the code differs from the outcome's, for the last log line; '' when it does not. */
  readonly why: string;
}

/**
 * The process's exit code (ADR 0152). Under the chaos runner the verdict lives in the
 * ChaosResult: once it is written the run exits 0, as litmus-go does, because the runner's
 * Job (restartPolicy Never, backoffLimit left at 6) starts a new pod, which injects again,
 * for every non-zero exit. Standalone runs keep the outcome's codes (ADR 0062). A final
 * write that failed is never 0: nobody could read the verdict.
 */
export function exitOf(input: ExitInput): Exit {
  const { outcome, underRunner, verdictWritten } = input;
  if (!verdictWritten) {
    return outcome.exitCode === EXIT.ok
      ? { code: EXIT.error, why: 'the final ChaosResult could not be written' }
      : { code: outcome.exitCode, why: '' };
  }
  if (underRunner && outcome.exitCode !== EXIT.ok) {
    return {
      code: EXIT.ok,
      why: `the verdict is in the ChaosResult; under the chaos runner exit ${outcome.exitCode} would make its Job start the run again`,
    };
  }
  return { code: outcome.exitCode, why: '' };
}

/** The run's last line: the outcome, the exit code, and why the two differ when they do. */
export function logExit(log: Logger, outcome: Outcome, exit: Exit): void {
  const level = outcome.exitCode === 0 && exit.code === 0 ? 'info' : 'warn';
  const why = exit.why === '' ? '' : ` (${exit.why})`;
  log[level](`finished: ${outcome.summary}; exit ${exit.code}${why}`);
}

/** The run's end: the final ChaosResult written, the exit code decided and logged. */
export async function finishRun(
  reporter: { finish(outcome: Outcome): Promise<void>; readonly verdictWritten: boolean },
  log: Logger,
  outcome: Outcome,
  underRunner: boolean,
): Promise<number> {
  await reporter.finish(outcome).catch((error: unknown) => {
    log.error(`could not write the final result: ${asChaosError(error, 'result').message}`);
  });
  const exit = exitOf({ outcome, underRunner, verdictWritten: reporter.verdictWritten });
  logExit(log, outcome, exit);
  return exit.code;
}
