import type { FaultEvidence, FaultHeld, TargetEffect, TargetEvidence } from './types.js';

/** The proxy counters of one target as the revert phase collected them (ADR 0002). */
export interface TargetCounters {
  readonly name: string;
  /** Null: the host never reported the proxy's counters (proxy gone, host silent). */
  readonly counters: {
    readonly connections: number;
    readonly resets: number;
    readonly passedThrough: number;
    readonly upstreamErrors: number;
  } | null;
  /** Whether the fault held on it (ADR 0140); absent when it was never watched. */
  readonly hold?: Pick<TargetEvidence, 'faultHeld' | 'stoppedAt' | 'holdReason'>;
}

/** Worst first: the overall effect is the worst any target showed. */
const SEVERITY: readonly TargetEffect[] = ['unknown', 'no-connections', 'no-resets', 'reset'];
const HELD_SEVERITY: readonly FaultHeld[] = ['stopped-early', 'unknown', 'yes'];

export function effectOf(counters: TargetCounters['counters']): TargetEffect {
  if (counters === null) return 'unknown';
  if (counters.connections === 0) return 'no-connections';
  return counters.resets === 0 ? 'no-resets' : 'reset';
}

/** Did the fault bite, per target and overall? (ADR 0061) */
export function evidenceOf(
  targets: readonly TargetCounters[],
  resetTimeoutMs: number,
): FaultEvidence {
  const perTarget: TargetEvidence[] = targets.map(({ name, counters, hold }) => ({
    name,
    effect: effectOf(counters),
    ...(counters === null ? {} : { ...counters }),
    ...hold,
  }));
  const sum = (pick: (evidence: TargetEvidence) => number | undefined): number =>
    perTarget.reduce((total, evidence) => total + (pick(evidence) ?? 0), 0);
  const worst =
    perTarget.length === 0
      ? 'unknown'
      : SEVERITY.find((effect) => perTarget.some((evidence) => evidence.effect === effect));
  const held = HELD_SEVERITY.find((value) => perTarget.some((one) => one.faultHeld === value));
  return {
    effect: worst ?? 'unknown',
    ...(held === undefined ? {} : { faultHeld: held }),
    resetTimeoutMs,
    connections: sum((evidence) => evidence.connections),
    resets: sum((evidence) => evidence.resets),
    targets: perTarget,
  };
}

/** One sentence for the Warning event and the log; undefined when every target was reset. */
export function evidenceWarning(evidence: FaultEvidence): string | undefined {
  if (evidence.effect === 'reset') return undefined;
  const count = (effect: TargetEffect): number =>
    evidence.targets.filter((target) => target.effect === effect).length;
  const parts: string[] = [];
  const silent = count('no-connections');
  const short = count('no-resets');
  const unknown = count('unknown');
  if (silent > 0) parts.push(`${silent} saw no client connection at all`);
  if (short > 0) {
    parts.push(
      `${short} saw connections but reset none (every connection ended before RESET_TIMEOUT=${evidence.resetTimeoutMs} ms)`,
    );
  }
  if (unknown > 0) parts.push(`${unknown} never reported counters`);
  if (evidence.targets.length === 0) parts.push('no target reported anything');
  return (
    `The fault had no observed effect on ${evidence.targets.length - count('reset')} of ` +
    `${evidence.targets.length} targets: ${parts.join('; ')}. Connections ${evidence.connections}, resets ${evidence.resets}.`
  );
}
