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
