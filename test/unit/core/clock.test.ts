import { describe, expect, it } from '@jest/globals';
import { cryptoRandom, draw, systemClock } from '../../../src/core/clock.js';

describe('the real clock and random source', () => {
  it('draws integers in range', () => {
    for (let i = 0; i < 200; i += 1) {
      const value = draw(cryptoRandom, 3);
      expect([0, 1, 2]).toContain(value);
    }
  });

  it('tells the time in epoch milliseconds and stops sleeping on abort', async () => {
    expect(Math.abs(systemClock.now() - Date.now())).toBeLessThan(1000);
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort('SIGTERM');
    await expect(sleeping).rejects.toMatchObject({ name: 'AbortError' });
    await expect(systemClock.sleep(1)).resolves.toBeUndefined();
  });
});
