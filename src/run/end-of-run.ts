import type { TargetHold } from '../dispatch/hold.js';
import type { RevertLedger } from '../dispatch/ledger.js';
import type { CountersView } from '../dispatch/revert.js';
import type { ChaosError } from '../errors/chaos-error.js';
import type { Logger } from '../log/logger.js';
import { targetCountersOf } from './evidence.js';
import { announceHolds, holdError, settleHolds } from './hold.js';
import type { RunReporter } from './reporting.js';

/**
 * End of run, after the revert: what each proxy held (the watch's rounds settled by what
 * the revert found), announced, and written with the counters as status.faultEvidence.
 * Returns the settled holds for the outcome.
 */
export async function recordHoldsAndEvidence(input: {
  readonly holds: readonly TargetHold[];
  readonly counters: CountersView;
  readonly nowMs: number;
  readonly log: Logger;
  readonly reporter: RunReporter;
}): Promise<readonly TargetHold[]> {
  const { counters, log, reporter } = input;
  const settled = settleHolds(input.holds, counters, input.nowMs);
  await announceHolds(settled, log, reporter);
  if (counters.size > 0 || settled.length > 0) {
    await reporter.recordEvidence(targetCountersOf(counters, settled)).catch((error: unknown) => {
      log.warn(`could not record the fault evidence: ${String(error)}`);
    });
  }
  return settled;
}

/** The outcome's input for a fault that did not hold, when one did not. */
export function notHeld(holds: readonly TargetHold[]): { faultNotHeld?: ChaosError } {
  const error = holdError(holds);
  return error === undefined ? {} : { faultNotHeld: error };
}

/** After an early way out, history.targets must not keep saying `injected`. */
export async function markReverted(
  ledger: RevertLedger,
  reporter: RunReporter,
  log: Logger,
): Promise<void> {
  const reverted = ledger.revertedTasks();
  if (reverted.length === 0) return;
  await reporter.setTargets(reverted, 'reverted').catch((error: unknown) => {
    log.warn(`could not record the reverted targets: ${String(error)}`);
  });
}
