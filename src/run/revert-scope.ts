import type { Clock } from '../core/clock.js';

/**
 * The signals a revert's AWS calls are bound to (ADR 0151). A revert must not stop on the
 * run's own SIGTERM (it is the way back), yet must give up at its deadline: its signal
 * fires at `untilMs` or when the grace period after a signal runs out, whichever is first.
 */
export class RevertScopes {
  private current: AbortSignal | undefined;

  constructor(
    private readonly clock: Clock,
    /** Fires when the grace period after SIGTERM/SIGINT runs out. */
    private readonly graceOver: AbortSignal,
  ) {}

  /** The signal of the revert under way, if one is. */
  get active(): AbortSignal | undefined {
    return this.current;
  }

  async within<T>(untilMs: number, body: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const deadline = new AbortController();
    const done = new AbortController();
    this.clock
      .sleep(Math.max(0, untilMs - this.clock.now()), done.signal)
      .then(() => {
        deadline.abort('the revert deadline passed');
      })
      .catch(() => undefined);
    const outer = this.current;
    const signal = AbortSignal.any([this.graceOver, deadline.signal]);
    this.current = signal;
    try {
      return await body(signal);
    } finally {
      this.current = outer;
      done.abort();
    }
  }
}
