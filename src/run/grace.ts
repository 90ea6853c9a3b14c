/**
 * How long the run has after SIGTERM before the kubelet's SIGKILL (ADR 0150). The pod's own
 * `spec.terminationGracePeriodSeconds` is what the kubelet enforces, so it wins when the
 * pod could be read; TERMINATION_GRACE_PERIOD_SECONDS (0 already read as unset) otherwise.
 */
export interface GracePeriod {
  readonly seconds: number;
  /** For the log: where the figure comes from. */
  readonly source: string;
}

export function gracePeriodOf(configured: number, podSeconds: number | undefined): GracePeriod {
  if (podSeconds !== undefined) {
    return { seconds: podSeconds, source: "the pod's spec.terminationGracePeriodSeconds" };
  }
  return { seconds: configured, source: 'TERMINATION_GRACE_PERIOD_SECONDS' };
}

/** How long a revert after a normal window may take before hosts are reported unproven. */
const REVERT_BUDGET_MS = 5 * 60_000;
/** Kept back from the grace period: the final result still has to be written. */
const GRACE_MARGIN_MS = 2_000;

/** After a signal: the end of the grace period; otherwise a generous budget. */
export function revertDeadlineOf(
  nowMs: number,
  abortAtMs: number | undefined,
  grace: GracePeriod,
): number {
  if (abortAtMs === undefined) return nowMs + REVERT_BUDGET_MS;
  return abortAtMs + Math.max(0, grace.seconds * 1000 - GRACE_MARGIN_MS);
}
