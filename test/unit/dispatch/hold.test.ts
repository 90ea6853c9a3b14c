import { describe, expect, it } from '@jest/globals';
import { observe, type StatusEvent } from '../../../src/dispatch/hold.js';
import { WATCH_CALLS_PER_SECOND, watchIntervalMs } from '../../../src/dispatch/watch.js';
import { readEvent } from '../../../src/host/payload-events.js';

const INSTANCE = 'i-0123456789abcdef0';
const TASK = 'arn:aws:ecs:us-east-1:123456789012:task/shop/0123456789abcdef0123456789abcdef';
const PROXY = 'b'.repeat(64);
const DEADLINE = Date.UTC(2026, 10, 25, 12, 1, 0);
const expected = { proxyId: PROXY, deadlineMs: DEADLINE };

/** A status line exactly as the host script prints it, read by the executor's reader. */
function line(fields: Record<string, unknown>): StatusEvent {
  const event = readEvent(
    JSON.stringify({
      event: 'status',
      instance: INSTANCE,
      task: TASK,
      container: 'web',
      ...fields,
    }),
  );
  if (typeof event === 'string') throw new Error(event);
  if (event.event !== 'status') throw new Error(`not a status line: ${event.event}`);
  return event;
}
const docker = (over: Record<string, unknown> = {}) => ({
  state: 'running',
  proxy: PROXY,
  restarts: 0,
  exitCode: 0,
  oomKilled: false,
  finishedAt: '0001-01-01T00:00:00Z',
  at: (DEADLINE - 20_000) / 1000,
  ...over,
});

describe('observe: one status line against the inject and the deadline', () => {
  it('running, never restarted, the same container: held, at the time the host looked', () => {
    expect(observe(line(docker()), expected, 0)).toEqual({ kind: 'held', atMs: DEADLINE - 20_000 });
  });

  it('reads docker times to the millisecond and the zero time as never', () => {
    const seen = line(
      docker({ state: 'exited', exitCode: 137, finishedAt: '2026-11-25T12:00:41.123456789Z' }),
    );
    expect(seen.proxy?.finishedAtMs).toBe(Date.UTC(2026, 10, 25, 12, 0, 41, 123));
    expect(line(docker()).proxy?.finishedAtMs).toBeUndefined();
    expect(observe(seen, expected, 0)).toMatchObject({
      kind: 'stopped',
      atMs: Date.UTC(2026, 10, 25, 12, 0, 41, 123),
      seenMs: DEADLINE - 20_000,
    });
  });

  it.each([
    [
      { state: 'exited', exitCode: 137 },
      'was killed with SIGKILL (docker kill, the kernel, or a crash) (exit 137)',
    ],
    [{ state: 'exited', exitCode: 143 }, 'was stopped with SIGTERM (docker stop?) (exit 143)'],
    [
      { state: 'exited', exitCode: 0 },
      'exited cleanly before its deadline (docker stop?) (exit 0)',
    ],
    [
      { state: 'exited', exitCode: 137, oomKilled: true },
      'was killed by the OOM killer (exit 137)',
    ],
    [{ state: 'exited', exitCode: 1, restarts: 3 }, 'exited (exit 1) after 3 restarts'],
    [{ restarts: 2, exitCode: 137 }, 'crashed and docker restarted it 2 times'],
    [{ proxy: 'c'.repeat(64) }, `its proxy ${PROXY.slice(0, 12)} was replaced by cccccccccccc`],
    [{ state: 'absent', proxy: undefined }, 'its proxy container is gone'],
  ])('%j: stopped early, in words an operator searches for', (over, words) => {
    const observation = observe(line(docker(over)), expected, 0);
    expect(observation.kind).toBe('stopped');
    expect(observation.kind === 'stopped' ? observation.reason : '').toContain(words);
  });

  it('a host that looked in the deadline second or later says nothing: the proxy ends there', () => {
    for (const at of [DEADLINE, DEADLINE + 5_000]) {
      const seen = line(docker({ state: 'exited', at: at / 1000 }));
      expect(observe(seen, expected, 0)).toEqual({ kind: 'late' });
    }
    // "at" is whole seconds: the second before a deadline at .500 may have been after it.
    const second = line(docker({ state: 'exited', exitCode: 0, at: DEADLINE / 1000 - 1 }));
    expect(observe(second, { ...expected, deadlineMs: DEADLINE - 500 }, 0)).toEqual({
      kind: 'late',
    });
    expect(observe(second, expected, 0).kind).toBe('stopped');
  });

  it('running without docker details: unknown, never held', () => {
    const seen = line({ state: 'running', at: (DEADLINE - 20_000) / 1000 });
    expect(observe(seen, expected, 0)).toMatchObject({ kind: 'unknown' });
  });

  it('a line without "at" (an older host script) is dated by the executor', () => {
    const seen = line(docker({ at: undefined }));
    expect(observe(seen, expected, DEADLINE - 7_000)).toEqual({
      kind: 'held',
      atMs: DEADLINE - 7_000,
    });
    expect(observe(seen, expected, DEADLINE - 500)).toEqual({ kind: 'late' });
  });
});

describe('watchIntervalMs: the watch stays within its share of SSM', () => {
  it('keeps the configured interval for a few hosts and slows down for many', () => {
    expect(watchIntervalMs(10_000, 1, 2)).toBe(10_000);
    // 250 hosts in 5 commands: 5 SendCommand + 20 ListCommandInvocations + 250 Get… per round.
    expect(watchIntervalMs(10_000, 5, 250)).toBe(55_000);
    expect((5 * 5 + 250) / (watchIntervalMs(10_000, 5, 250) / 1000)).toBeLessThanOrEqual(
      WATCH_CALLS_PER_SECOND,
    );
  });
});
