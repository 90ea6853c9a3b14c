import type { Clock } from '../core/clock.js';

/** A request rate the run keeps to by itself, per SSM action (ADR 0192). */
export interface PaceBudget {
  readonly perSecond: number;
  readonly burst: number;
}

/**
 * SSM publishes no rate for Run Command (ADR 0190): by default the run stays under 4 calls
 * per second per action with bursts of 8, below the 5 and 10 the emulator assumes, so
 * inject, revert and the window's status rounds together never meet a ThrottlingException
 * there, and leave room for other tools in the account. SSM_CALLS_PER_SECOND changes the
 * rate (ADR 0193); the burst stays two seconds' worth.
 */
export function ssmPace(perSecond: number): PaceBudget {
  return { perSecond, burst: 2 * perSecond };
}

export const SSM_PACE: PaceBudget = ssmPace(4);

interface Bucket {
  /** May go below zero: calls already promised a slot ahead. */
  tokens: number;
  at: number;
}

/**
 * Token buckets on the run's clock, one per key (an IAM action). take() reserves the next
 * slot at once and sleeps until it, so concurrent callers queue in call order instead of
 * all waking together; an aborted wait rejects and gives its slot back.
 */
export class CallPace {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private readonly budget: PaceBudget = SSM_PACE,
  ) {}

  async take(key: string, signal?: AbortSignal): Promise<void> {
    const { perSecond, burst } = this.budget;
    const now = this.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) * perSecond) / 1000) - 1;
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 0) return;
    try {
      await this.clock.sleep(Math.ceil((-bucket.tokens * 1000) / perSecond), signal);
    } catch (error) {
      // The call will not be made: its slot goes back, or a halt that drops a long queue
      // would leave the revert's own calls waiting behind slots nobody used.
      bucket.tokens += 1;
      throw error;
    }
  }
}
