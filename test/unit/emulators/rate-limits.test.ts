// The emulator's per-account token buckets (ADR 0190) on a virtual clock.
import { describe, expect, it } from '@jest/globals';
import { Knobs } from '../../../sandbox/emulator/knobs.js';
import {
  AWS_RATE_LIMITS,
  RateLimiter,
  awsRateLimitsWithSsm,
} from '../../../sandbox/emulator/rate-limits.js';

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** How many of `calls` back-to-back calls the limiter lets through. */
const passed = (limiter: RateLimiter, action: string, calls: number) =>
  Array.from({ length: calls }, () => limiter.take(action)).filter(Boolean).length;

describe('RateLimiter', () => {
  it('lets a burst through, then the refill rate, as ECS documents it', () => {
    const time = clock();
    const limiter = new RateLimiter(AWS_RATE_LIMITS, time.now);
    expect(passed(limiter, 'ecs:DescribeClusters', 60)).toBe(50);
    time.advance(1000);
    expect(passed(limiter, 'ecs:DescribeClusters', 60)).toBe(20);
    time.advance(2500);
    expect(passed(limiter, 'ecs:DescribeClusters', 60)).toBe(50);
  });

  it('another SSM assumption changes the SSM buckets only, the table itself untouched', () => {
    const time = clock();
    const limiter = new RateLimiter(awsRateLimitsWithSsm(8), time.now);
    expect(passed(limiter, 'ssm:SendCommand', 30)).toBe(16);
    time.advance(1000);
    expect(passed(limiter, 'ssm:SendCommand', 30)).toBe(8);
    expect(passed(limiter, 'ecs:DescribeClusters', 60)).toBe(50);
    expect(passed(new RateLimiter(AWS_RATE_LIMITS, time.now), 'ssm:SendCommand', 30)).toBe(10);
  });

  it('shares one bucket between the actions of a category', () => {
    const time = clock();
    const limiter = new RateLimiter(AWS_RATE_LIMITS, time.now);
    expect(passed(limiter, 'ecs:ListTasks', 60)).toBe(60);
    expect(passed(limiter, 'ecs:DescribeTasks', 60)).toBe(40);
    expect(passed(limiter, 'ecs:DescribeContainerInstances', 1)).toBe(0);
    expect(passed(limiter, 'ecs:DescribeServices', 1)).toBe(1);
  });

  it('gives each SSM action its own bucket and leaves unlisted actions alone', () => {
    const time = clock();
    const limiter = new RateLimiter(AWS_RATE_LIMITS, time.now);
    expect(passed(limiter, 'ssm:GetCommandInvocation', 20)).toBe(10);
    expect(passed(limiter, 'ssm:ListCommandInvocations', 20)).toBe(10);
    time.advance(400);
    expect(passed(limiter, 'ssm:GetCommandInvocation', 20)).toBe(2);
    expect(passed(limiter, 'sts:GetCallerIdentity', 500)).toBe(500);
  });

  it('a throttled call takes no token: calling faster than the refill never starves it', () => {
    const time = clock();
    const limiter = new RateLimiter(
      [{ name: 'b', actions: ['x:Y'], burst: 1, refillPerSecond: 10 }],
      time.now,
    );
    let ok = 0;
    for (let i = 0; i < 1000; i += 1) {
      if (limiter.take('x:Y')) ok += 1;
      time.advance(10);
    }
    // One from the full bucket at 0 ms, then one per 100 ms of refill up to 9,990 ms.
    expect(ok).toBe(100);
  });
});

describe('knobs', () => {
  it('rateLimits: aws applies the table; set() replaces or removes it', () => {
    const time = clock();
    const knobs = new Knobs({ rateLimits: 'aws' }, time.now);
    const over = () =>
      Array.from({ length: 12 }, () => knobs.overRate('ssm:SendCommand')).filter(Boolean).length;
    expect(over()).toBe(2);
    knobs.set({
      rateLimits: [{ name: 'tight', actions: ['ssm:SendCommand'], burst: 1, refillPerSecond: 1 }],
    });
    expect(over()).toBe(11);
    knobs.set({ rateLimits: undefined });
    expect(over()).toBe(0);
  });

  it('hostDelayMs: one delay, or one per mode', () => {
    expect(new Knobs({ hostDelayMs: 700 }).hostDelay('revert')).toBe(700);
    const perMode = new Knobs({ hostDelayMs: { inject: 3000, revert: 2000 } });
    expect(['inject', 'revert', 'status'].map((mode) => perMode.hostDelay(mode))).toEqual([
      3000, 2000, 0,
    ]);
  });
});
