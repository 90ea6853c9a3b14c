import { describe, expect, it } from '@jest/globals';
import { waitForWindowEnd } from '../../../src/proxy/deadline.js';

describe('window end', () => {
  it('ends at once when the deadline has passed', async () => {
    await expect(waitForWindowEnd(1000, () => 1000, new AbortController().signal)).resolves.toBe(
      'deadline',
    );
  });

  it('follows the wall clock, not the timer alone', async () => {
    // The clock is 30 ms from the deadline, then jumps past it (an NTP step).
    let now = 0;
    const ended = waitForWindowEnd(30, () => now, new AbortController().signal);
    now = 10_000;
    await expect(ended).resolves.toBe('deadline');
  });

  it('ends on a signal with its name', async () => {
    const controller = new AbortController();
    const ended = waitForWindowEnd(Date.now() + 60_000, () => Date.now(), controller.signal);
    controller.abort('SIGTERM');
    await expect(ended).resolves.toBe('SIGTERM');
    const aborted = new AbortController();
    aborted.abort('SIGINT');
    await expect(
      waitForWindowEnd(Date.now() + 60_000, () => Date.now(), aborted.signal),
    ).resolves.toBe('SIGINT');
  });
});
