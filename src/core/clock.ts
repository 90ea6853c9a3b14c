import { randomInt } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Time and chance, injected everywhere (tests pass fakes): the shared vocabulary every
 * layer may use, so it lives in the leaf (ADR 0210).
 */
export interface Clock {
  /** Epoch milliseconds (UTC). Deadlines sent to hosts are absolute values of this clock. */
  now(): number;
  /** Resolves after `ms`; rejects (an AbortError) as soon as the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface Random {
  /** A uniformly distributed integer in [0, bound). */
  int(bound: number): number;
}

/** The real clock: wall time for deadlines, timers for waiting. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    await delay(ms, undefined, signal === undefined ? {} : { signal });
  },
};

/** The real random source: the kernel's CSPRNG, so choices cannot be predicted. */
export const cryptoRandom: Random = {
  int: (bound) => randomInt(bound),
};

/** A draw in [0, bound), refusing a source that breaks its contract. */
export function draw(random: Random, bound: number): number {
  const value = random.int(bound);
  if (!Number.isInteger(value) || value < 0 || value >= bound) {
    throw new RangeError(`random source returned ${value} for a draw in [0, ${bound})`);
  }
  return value;
}
