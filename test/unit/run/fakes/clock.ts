import type { Clock } from '../../../../src/experiment/ports.js';

/**
 * Virtual time. A sleep moves the clock forward by its length on the next turn of the
 * event loop; events scheduled with `at` fire when the clock passes them, in the middle
 * of a long sleep too, so "SIGTERM 2 s into the window" is exact and instant.
 */
export class VirtualClock implements Clock {
  readonly sleeps: number[] = [];
  private readonly events: { atMs: number; run: () => void }[] = [];

  constructor(public time = Date.UTC(2026, 10, 25, 12, 0, 0)) {}

  now = (): number => this.time;

  at(atMs: number, run: () => void): void {
    this.events.push({ atMs, run });
    this.events.sort((a, b) => a.atMs - b.atMs);
  }

  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const aborted = (): void => {
        reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
      };
      if (signal?.aborted === true) {
        aborted();
        return;
      }
      this.sleeps.push(ms);
      setImmediate(() => {
        const end = this.time + Math.max(0, ms);
        for (
          let next = this.events[0];
          next !== undefined && next.atMs <= end;
          next = this.events[0]
        ) {
          this.events.shift();
          this.time = Math.max(this.time, next.atMs);
          next.run();
          if (signal?.aborted === true) {
            aborted();
            return;
          }
        }
        this.time = end;
        resolve();
      });
    });
}
