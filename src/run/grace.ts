import type { Clock } from '../experiment/ports.js';

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

/**
 * The run's clock after a signal (ADR 0082, 0150): when it came, the grace period in force,
 * the revert's deadline, and a signal that fires when that deadline passes.
 */
export class GraceClock {
  private abortAtMs: number | undefined;
  private readonly over = new AbortController();
  private readonly ended = new AbortController();

  constructor(
    private readonly clock: Clock,
    private grace: GracePeriod,
  ) {}

  get period(): GracePeriod {
    return this.grace;
  }

  /** Fires when the grace period after a signal runs out: a revert under way stops waiting. */
  get overSignal(): AbortSignal {
    return this.over.signal;
  }

  adopt(grace: GracePeriod): void {
    this.grace = grace;
  }

  /** The first signal starts the count; later ones change nothing. */
  signalled(): void {
    if (this.abortAtMs !== undefined) return;
    this.abortAtMs = this.clock.now();
    this.clock
      .sleep(this.revertDeadline() - this.abortAtMs, this.ended.signal)
      .then(() => {
        this.over.abort('the grace period after the signal ran out');
      })
      .catch(() => undefined);
  }

  /** After a signal: the end of the grace period less the margin; otherwise a generous budget. */
  revertDeadline(): number {
    if (this.abortAtMs === undefined) return this.clock.now() + REVERT_BUDGET_MS;
    const graceMs = this.grace.seconds * 1000;
    return this.abortAtMs + Math.max(0, graceMs - GRACE_MARGIN_MS);
  }

  /** The run is over: no timer left behind. */
  end(): void {
    this.ended.abort();
  }
}
