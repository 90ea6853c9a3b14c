import { ChaosError } from '../errors/chaos-error.js';

/** What the outcome needs to say what happened first (ADR 0157). */
export interface FirstCause {
  readonly abortedBy?: 'SIGTERM' | 'SIGINT';
  readonly error?: ChaosError;
  /** An inject may have reached a host; false when none was sent or AWS refused them all. */
  readonly sentInject?: boolean;
}

/**
 * The revert's failure with the cause that ended the run beside it: an operator reading
 * "revert not proven" must also see why the run was stopping (the inject that failed, the
 * signal), not only the revert's outcome.
 */
export function withFirstCause(revert: ChaosError, input: FirstCause): ChaosError {
  const first =
    input.error !== undefined && input.error !== revert
      ? `${input.error.code}: ${input.error.reason}`
      : input.abortedBy === undefined
        ? undefined
        : `${input.abortedBy} received`;
  if (first === undefined) return revert;
  return new ChaosError({
    code: revert.code,
    phase: revert.phase,
    ...(revert.target === undefined ? {} : { target: revert.target }),
    reason: `${revert.reason}\nthe run was ending because: ${first}`,
    fix: revert.fix,
    cause: revert,
  });
}

/** How an abort ended: reverted, or nothing had reached a host to revert. */
export function afterAbort(input: FirstCause): string {
  return input.sentInject === false ? 'nothing had been injected' : 'the fault was reverted';
}
