import type { Clock } from '../../../../src/core/clock.js';

interface Timer {
  readonly atMs: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/**
 * Discrete-event virtual time. Sleeps are timers; whenever the code under test has nothing
 * left to do but wait (one turn of the event loop), time jumps to the earliest timer and
 * fires it. Concurrent sleeps (a probe loop beside the chaos window) interleave as they
 * would in real time. Events scheduled with `at` (a SIGTERM) fire at their exact time.
 */
export class VirtualClock implements Clock {
  readonly sleeps: number[] = [];
  private readonly timers: Timer[] = [];
  private readonly events: { atMs: number; run: () => void }[] = [];
  private seq = 0;
  private driving = false;

  constructor(public time = Date.UTC(2026, 10, 25, 12, 0, 0)) {}

  now = (): number => this.time;

  at(atMs: number, run: () => void): void {
    this.events.push({ atMs, run });
    this.events.sort((a, b) => a.atMs - b.atMs);
  }

  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const abortError = () => Object.assign(new Error('aborted'), { name: 'AbortError' });
      if (signal?.aborted === true) {
        reject(abortError());
        return;
      }
      this.sleeps.push(ms);
      this.seq += 1;
      const timer: Timer = {
        atMs: this.time + Math.max(0, ms),
        seq: this.seq,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const index = this.timers.indexOf(timer);
        if (index >= 0) this.timers.splice(index, 1);
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
      this.drive();
    });

  private drive(): void {
    if (this.driving) return;
    this.driving = true;
    setImmediate(() => {
      this.driving = false;
      this.advance();
    });
  }

  private advance(): void {
    this.timers.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
    const next = this.timers[0];
    if (next === undefined) return;
    for (
      let event = this.events[0];
      event !== undefined && event.atMs <= next.atMs;
      event = this.events[0]
    ) {
      this.events.shift();
      this.time = Math.max(this.time, event.atMs);
      event.run();
    }
    // The event may have aborted sleepers (they left the list): look again next turn.
    if (this.timers[0] === next) {
      this.timers.shift();
      this.time = Math.max(this.time, next.atMs);
      next.resolve();
    }
    if (this.timers.length > 0) this.drive();
  }
}
