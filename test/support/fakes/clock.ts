import type { Clock } from '../../../src/core/clock.js';

/**
 * Virtual time: every sleep resolves on the next turn of the event loop and moves the
 * clock forward by its length, so hours of probe schedule run in milliseconds.
 */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(public time = Date.UTC(2026, 10, 25, 12, 0, 0)) {}

  now = (): number => this.time;

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
        if (signal?.aborted === true) {
          aborted();
          return;
        }
        this.time += ms;
        resolve();
      });
    });
}
