import { describe, expect, it } from '@jest/globals';
import { runChecks } from '../../../sandbox/demo/checks.js';
import type { RunMoments } from '../../../sandbox/demo/executor.js';
import type { KindedAttempt } from '../../../sandbox/demo/load.js';
import { taskReport } from '../../../sandbox/demo/report.js';
import { loadSettings } from '../../../sandbox/demo/settings.js';
import type { EcsTask } from '../../../sandbox/docker/index.js';

const settings = loadSettings({}, '/repo');
const INJECT = 10_000;
const moments: RunMoments = {
  targets: ['arn:t1'],
  injectMs: INJECT,
  readyMs: INJECT + 500,
  deadlineMs: INJECT + 15_000,
  revertedMs: INJECT + 18_000,
  phase: 'result',
  aborted: false,
};

const task = (arn: string) =>
  ({ taskArn: arn, taskId: arn.slice(4), instanceId: 'i-1', ip: '10.0.0.2' }) as EcsTask;

function reset(connectMs: number, afterMs = 2001): KindedAttempt {
  return {
    startMs: connectMs,
    connectMs,
    atMs: connectMs + afterMs,
    outcome: 'reset',
    detail: 'read ECONNRESET',
    kind: 'slow',
  };
}

function checks(
  t1: KindedAttempt[],
  t2: KindedAttempt[],
  proxyResets = t1.length,
  mechanism: string | null = 'destroy',
) {
  const proxy = {
    connections: 50,
    resets: proxyResets,
    passedThrough: 0,
    upstreamErrors: 0,
    mechanism: mechanism ?? undefined,
    mechanismWhy: undefined,
  };
  const reports = [
    taskReport(task('arn:t1'), t1, { moments, probe: undefined, proxy }),
    taskReport(task('arn:t2'), t2, { moments, probe: undefined, proxy: undefined }),
  ];
  return Object.fromEntries(runChecks(reports, moments, settings, []).map((c) => [c.name, c.ok]));
}

describe('the demo checks', () => {
  const good = [reset(INJECT + 1_000), reset(INJECT + 5_000)];

  it('pass when resets are on targets only, in the window, on time, counted alike', () => {
    expect(Object.values(checks(good, []))).toEqual([true, true, true, true, true, true, true]);
  });

  it('fail when a targeted task does not say which mechanism ran', () => {
    expect(checks(good, [], good.length, null)['the mechanism that ran is named']).toBe(false);
    expect(checks(good, [], good.length, 'relay')['the mechanism that ran is named']).toBe(true);
  });

  it('fail on a reset of a task the run did not target', () => {
    expect(checks(good, [reset(INJECT + 1_000)])['resets only on targeted tasks']).toBe(false);
  });

  it('fail on a reset before the injection or after the deadline', () => {
    const name = 'resets only during the window';
    expect(checks([...good, reset(INJECT - 100)], [], 3)[name]).toBe(false);
    expect(checks([...good, reset(INJECT + 15_000)], [], 3)[name]).toBe(false);
  });

  it('fail on a reset far from RESET_TIMEOUT, or counters that disagree', () => {
    expect(
      checks([reset(INJECT + 1_000, 3_500)], [], 1)['connect→reset near RESET_TIMEOUT=2000 ms'],
    ).toBe(false);
    expect(checks(good, [], 3)["proxy resets = clients' resets + the probe's"]).toBe(false);
  });
});
