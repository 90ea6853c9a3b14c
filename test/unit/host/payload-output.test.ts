import { describe, expect, it } from '@jest/globals';
import { parseHostOutput, SSM_STDOUT_LIMIT } from '../../../src/host/payload-output.js';

const I1 = 'i-0123456789abcdef0';
const I2 = 'i-0fedcba9876543210';
const A = 'arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef';
const B = 'arn:aws:ecs:us-east-1:123456789012:task/prod/fedcba9876543210fedcba9876543210';
const NS = 'a'.repeat(64);
const PROXY = 'b'.repeat(64);

const lines = (...objects: unknown[]): string =>
  objects.map((o) => `${JSON.stringify(o)}\n`).join('');
const ready = (task: string, container: string) => ({
  event: 'ready',
  instance: I1,
  task,
  container,
  namespace: NS,
  proxy: PROXY,
  deadline: 1_700_000_060_000,
});

describe('parseHostOutput', () => {
  it('folds an inject into per-target state', () => {
    const report = parseHostOutput(
      lines(
        ready(A, 'web'),
        ready(A, 'admin'),
        {
          event: 'error',
          instance: I1,
          task: B,
          step: 'find-container',
          reason: 'no container web',
        },
        { event: 'error', instance: I1, task: '', step: 'reaper', reason: 'systemd-run missing' },
        { event: 'summary', instance: I1, mode: 'inject', ok: false },
      ),
      { instanceId: I1 },
    );
    expect(report.summary).toEqual({ mode: 'inject', ok: false });
    expect(report.hostErrors).toEqual([{ step: 'reaper', reason: 'systemd-run missing' }]);
    expect(report.targets.get(A)).toEqual({
      task: A,
      instance: I1,
      ready: [
        { container: 'web', namespace: NS, proxy: PROXY, deadline: 1_700_000_060_000 },
        { container: 'admin', namespace: NS, proxy: PROXY, deadline: 1_700_000_060_000 },
      ],
      errors: [],
      reverted: [],
      state: undefined,
    });
    expect(report.targets.get(B)?.errors).toEqual([
      { step: 'find-container', reason: 'no container web' },
    ]);
    expect(report.events).toHaveLength(5);
    expect(report.truncated).toBe(false);
    expect(report.ignoredCount).toBe(0);
  });

  it('reads revert counters and status lines', () => {
    const stopped = {
      event: 'stopped',
      connections: 12,
      resets: 9,
      passedThrough: 3,
      active: 0,
      bytesFromClients: 900,
      bytesFromUpstream: 4000,
      upstreamErrors: 1,
    };
    const report = parseHostOutput(
      lines(
        { event: 'reverted', instance: I1, task: A, proxy: stopped, clean: true },
        { event: 'reverted', instance: I1, task: B, proxy: null, clean: false },
        { event: 'status', instance: I1, task: A, state: 'exited' },
        { event: 'summary', instance: I1, mode: 'revert', ok: false },
      ),
    );
    expect(report.targets.get(A)?.reverted).toEqual([
      {
        clean: true,
        counters: {
          connections: 12,
          resets: 9,
          passedThrough: 3,
          active: 0,
          bytesFromClients: 900,
          bytesFromUpstream: 4000,
          upstreamErrors: 1,
        },
      },
    ]);
    expect(report.targets.get(A)?.state).toBe('exited');
    expect(report.targets.get(B)?.reverted).toEqual([{ clean: false, counters: null }]);
  });

  it('carries the mechanism that ran, why, and the connections left alone', () => {
    const stopped = {
      event: 'stopped',
      connections: 4,
      resets: 3,
      passedThrough: 1,
      preExisting: 7,
      mechanism: 'destroy',
      mechanismWhy: `conntrack reported a check connection 1 ms after connect${'.'.repeat(400)}`,
      destroy: { batches: 3 },
    };
    const report = parseHostOutput(
      lines(
        { event: 'reverted', instance: I1, task: A, proxy: stopped, clean: true },
        {
          event: 'reverted',
          instance: I1,
          task: B,
          proxy: { ...stopped, mechanism: 'tproxy' },
          clean: true,
        },
      ),
    );
    const counters = report.targets.get(A)?.reverted[0]?.counters;
    expect(counters).toMatchObject({
      connections: 4,
      resets: 3,
      preExisting: 7,
      mechanism: 'destroy',
    });
    expect(counters?.mechanismWhy).toHaveLength(300);
    expect(counters).not.toHaveProperty('destroy');
    // An unknown mechanism is not passed on; the counters still are.
    expect(report.targets.get(B)?.reverted[0]?.counters).not.toHaveProperty('mechanism');
    expect(report.targets.get(B)?.reverted[0]?.counters).toMatchObject({ resets: 3 });
  });

  it('defaults missing counters to 0 but refuses counters without connections and resets', () => {
    const report = parseHostOutput(
      lines(
        {
          event: 'reverted',
          instance: I1,
          task: A,
          proxy: { connections: 2, resets: 1 },
          clean: true,
        },
        {
          event: 'reverted',
          instance: I1,
          task: B,
          proxy: { connections: -1, resets: 1 },
          clean: true,
        },
      ),
    );
    expect(report.targets.get(A)?.reverted[0]?.counters).toMatchObject({
      connections: 2,
      resets: 1,
      passedThrough: 0,
    });
    expect(report.targets.get(B)?.reverted[0]?.counters).toBeNull();
  });

  it('ignores garbage, quoting it safely, and keeps going', () => {
    const report = parseHostOutput(
      [
        'Unable to find image locally',
        '[1,2]',
        'null',
        JSON.stringify({ event: 'ready', task: A }),
        JSON.stringify({ ...ready(A, 'web'), deadline: 'soon' }),
        JSON.stringify({ ...ready(A, 'web'), container: 'web;reboot' }),
        JSON.stringify({ event: 'boom', instance: I1 }),
        JSON.stringify({ event: 'error', instance: I1, task: 'x', step: 'docker', reason: 'r' }),
        JSON.stringify({ event: 'summary', instance: I1, mode: 'inject', ok: 'yes' }),
        JSON.stringify({ event: 'status', instance: I1, task: A, state: 'zombie' }),
        '{"event":"ready","instance":"i-$(id)"}',
        'bell \u0007 and \u202e',
        JSON.stringify(ready(B, 'web')),
      ].join('\n'),
    );
    expect(report.events).toHaveLength(1);
    expect(report.ignoredCount).toBe(12);
    expect(report.ignored[0]).toBe('not JSON: "Unable to find image locally"');
    expect(report.ignored[1]).toBe('not a JSON object: "[1,2]"');
    expect(report.ignored[3]).toMatch(/^no valid instance: /);
    expect(report.ignored[4]).toMatch(/^ready without valid namespace, proxy and deadline: /);
    expect(report.ignored[6]).toMatch(/^unknown event: /);
    expect(report.ignored.at(-1)).toBe('not JSON: "bell \\u0007 and \\u202e"');
    for (const entry of report.ignored) expect(entry).toMatch(/^[\x20-\x7e]+$/);
  });

  it('keeps at most 20 ignored lines but counts them all', () => {
    const report = parseHostOutput('noise\n'.repeat(50));
    expect(report.ignored).toHaveLength(20);
    expect(report.ignoredCount).toBe(50);
  });

  it('ignores lines speaking for another instance', () => {
    const report = parseHostOutput(lines(ready(A, 'web'), { ...ready(B, 'web'), instance: I2 }), {
      instanceId: I1,
    });
    expect([...report.targets.keys()]).toEqual([A]);
    expect(report.ignored).toEqual([
      expect.stringMatching(new RegExp(`^speaks for instance ${I2}, not ${I1}: `)),
    ]);
  });

  it('cuts long reasons', () => {
    const report = parseHostOutput(
      lines({ event: 'error', instance: I1, task: A, step: 'docker', reason: 'x'.repeat(5000) }),
    );
    expect(report.targets.get(A)?.errors[0]?.reason).toHaveLength(500);
  });

  it('reports output cut at SSM’s limit, dropping the half line without calling it garbage', () => {
    const full = lines(...Array.from({ length: 200 }, () => ready(A, 'web')), {
      event: 'summary',
      instance: I1,
      mode: 'inject',
      ok: true,
    });
    const cut = full.slice(0, SSM_STDOUT_LIMIT);
    expect(cut.endsWith('\n')).toBe(false);
    const report = parseHostOutput(cut);
    expect(report.truncated).toBe(true);
    expect(report.summary).toBeUndefined();
    expect(report.ignoredCount).toBe(0);
    expect(report.targets.get(A)?.ready.length).toBe(cut.split('\n').length - 1);
  });

  it('does not call short output truncated, and parses a last line without newline', () => {
    const report = parseHostOutput(
      JSON.stringify({ event: 'summary', instance: I1, mode: 'status', ok: true }),
    );
    expect(report.truncated).toBe(false);
    expect(report.summary).toEqual({ mode: 'status', ok: true });
    expect(parseHostOutput('').events).toEqual([]);
  });

  it('honours a custom limit', () => {
    const text = lines(ready(A, 'web'));
    expect(parseHostOutput(text, { limit: text.length }).truncated).toBe(true);
    expect(parseHostOutput(text, { limit: text.length + 1 }).truncated).toBe(false);
  });
});
