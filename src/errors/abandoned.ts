import { ChaosError, type ChaosErrorFields } from './chaos-error.js';

/**
 * A call given up because the signal it was bound to fired: the run was stopped, or the
 * revert's own deadline passed (ADR 0151). Distinct from a failure of the call itself, so
 * the run does not report its own abort as the cause of the abort.
 */
export class Abandoned extends ChaosError {
  constructor(fields: ChaosErrorFields) {
    super(fields);
    this.name = 'Abandoned';
  }
}

/** A signal's reason in words: `SIGTERM`, or the message a deadline aborted with. */
export function abortReasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (typeof reason === 'string') return reason;
  return reason instanceof Error ? reason.message : 'aborted';
}
