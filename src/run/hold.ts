import type { TargetHold } from '../dispatch/hold.js';
import type { CountersView } from '../dispatch/revert.js';
import { ChaosError } from '../errors/chaos-error.js';
import type { Logger } from '../log/logger.js';
import type { TargetEvidence } from '../result/types.js';
import type { RunReporter } from './reporting.js';

type Stopped = Extract<TargetHold, { kind: 'stopped' }>;

const RANK: Readonly<Record<TargetHold['kind'], number>> = { stopped: 2, unknown: 1, held: 0 };
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * One hold per task, the worst its targets showed, after what the revert found (ADR 0140):
 * a proxy that left no final counters was gone before the revert came, so a hold the watch
 * last saw intact did not last to the end. The watch's tail (after its last round) is
 * covered this way, and so is a window a halt cut before any round came back: the revert
 * then found the proxy there (its final counters) or gone.
 */
export function settleHolds(
  holds: readonly TargetHold[],
  counters: CountersView,
  nowMs: number,
): readonly TargetHold[] {
  const byTask = new Map<string, TargetHold>();
  for (const hold of holds) {
    const settled = againstRevert(hold, counters, nowMs);
    const previous = byTask.get(hold.task);
    if (previous === undefined || RANK[settled.kind] > RANK[previous.kind]) {
      byTask.set(hold.task, settled);
    }
  }
  return [...byTask.values()];
}

function againstRevert(hold: TargetHold, counters: CountersView, nowMs: number): TargetHold {
  const lapsed = lapsedHold(hold, counters, nowMs);
  if (lapsed !== undefined) return lapsed;
  const cutShort = hold.kind === 'unknown' && hold.cutShort === true;
  if ((hold.kind !== 'held' && !cutShort) || !counters.has(hold.task)) return hold;
  if (counters.get(hold.task) !== null) {
    // Held when last seen, or found running by the revert itself after a halt.
    return hold.kind === 'held' ? hold : { kind: 'held', task: hold.task, lastSeenMs: nowMs };
  }
  const last = hold.kind === 'held' ? `; last seen holding at ${iso(hold.lastSeenMs)}` : '';
  return {
    kind: 'stopped',
    task: hold.task,
    atMs: undefined,
    seenMs: nowMs,
    reason: `its proxy was gone when the revert came (no final counters)${last}`,
  };
}

/**
 * The relay was alive but its redirect ran out before a renewal (ADR 0130): for those
 * moments new connections went direct, so the fault did not hold as configured.
 */
function lapsedHold(
  hold: TargetHold,
  counters: CountersView,
  nowMs: number,
): TargetHold | undefined {
  const lapses = counters.get(hold.task)?.leaseLapses ?? 0;
  if (lapses === 0 || hold.kind === 'stopped') return undefined;
  const times = lapses === 1 ? 'once' : `${lapses} times`;
  return {
    kind: 'stopped',
    task: hold.task,
    atMs: undefined,
    seenMs: nowMs,
    reason: `its relay's redirect lapsed ${times} (new connections went direct meanwhile: the proxy was off the CPU for over a second, or its lease renewals failed; its log says which)`,
  };
}

/** The faultEvidence fields of one task's hold. */
export function holdEvidence(
  hold: TargetHold,
): Pick<TargetEvidence, 'faultHeld' | 'stoppedAt' | 'holdReason'> {
  if (hold.kind === 'held') return { faultHeld: 'yes' };
  if (hold.kind === 'unknown') return { faultHeld: 'unknown', holdReason: hold.reason };
  return {
    faultHeld: 'stopped-early',
    ...(hold.atMs === undefined ? {} : { stoppedAt: iso(hold.atMs) }),
    holdReason: hold.reason,
  };
}

/** One line per task whose fault did not hold, for the log, the Event and errorOutput. */
export function holdLine(hold: Exclude<TargetHold, { kind: 'held' }>): string {
  if (hold.kind === 'unknown') return `${hold.task}: fault held: unknown (${hold.reason})`;
  return `${hold.task}: the fault stopped early ${whenOf(hold)}: ${hold.reason}`;
}

function whenOf(hold: Stopped): string {
  return hold.atMs === undefined ? `(seen at ${iso(hold.seenMs)})` : `at ${iso(hold.atMs)}`;
}

/**
 * FAULT_STOPPED_EARLY when a target's fault stopped, else FAULT_HOLD_UNKNOWN when one was
 * never seen holding; undefined when every watched target held (ADR 0140).
 */
export function holdError(holds: readonly TargetHold[]): ChaosError | undefined {
  const broken = holds.filter(
    (hold): hold is Exclude<TargetHold, { kind: 'held' }> => hold.kind !== 'held',
  );
  if (broken.length === 0) return undefined;
  const stopped = broken.some((hold) => hold.kind === 'stopped');
  return new ChaosError({
    code: stopped ? 'FAULT_STOPPED_EARLY' : 'FAULT_HOLD_UNKNOWN',
    phase: 'chaos',
    target: broken.map((hold) => hold.task).join(','),
    reason: [
      `the fault did not hold as configured on ${broken.length} of ${holds.length} target(s):`,
      ...broken.map((hold) => `  ${holdLine(hold)}`),
    ].join('\n'),
    fix: stopped
      ? 'what the probes and health checks saw was not the configured fault: look on each host for who stopped the proxy (docker events, the kernel log for the OOM killer) and run the experiment again'
      : 'the executor could not see the proxies through SSM (status commands refused or throttled): check its ssm:SendCommand, ssm:ListCommandInvocations and ssm:GetCommandInvocation permissions and the SSM throttling in CloudTrail, then run the experiment again',
  });
}

/** End of run: one log line per task whose fault did not hold, and one Warning event. */
export async function announceHolds(
  holds: readonly TargetHold[],
  log: Logger,
  reporter: RunReporter,
): Promise<void> {
  const error = holdError(holds);
  if (error === undefined) return;
  for (const hold of holds) {
    if (hold.kind !== 'held') log.warn(holdLine(hold), { task: hold.task });
  }
  await reporter.faultWarning('FaultNotHeld', error.reason).catch((failure: unknown) => {
    log.warn(`could not record the FaultNotHeld event: ${String(failure)}`);
  });
}
