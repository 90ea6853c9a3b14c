import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Netfilter } from '../../../src/netfilter/netfilter.js';
import type { ExecProgram, Toolset } from '../../../src/netfilter/tools.js';
import { Lease } from '../../../src/proxy/lease.js';
import { captureLogger } from '../../support/fakes/logger.js';

const TOOLSET: Toolset = {
  backend: 'nft',
  command: { ipv4: '/sbin/iptables-nft', ipv6: '/sbin/ip6tables-nft' },
  save: { ipv4: '/sbin/iptables-nft-save', ipv6: '/sbin/ip6tables-nft-save' },
};
const START = Date.UTC(2026, 10, 25, 12, 0, 0, 300);
const SPEC = {
  chaosId: 'exp-1',
  interfaceName: 'eth0',
  targetPort: 8080,
  proxyPort: 20000,
  deadlineMs: START + 5000,
};

function lease(fail: () => boolean = () => false, installedAt = START, callMs = 0) {
  const calls: { at: number; args: string }[] = [];
  const run: ExecProgram = async (file, args) => {
    calls.push({ at: Date.now(), args: `${file.split('/').pop() ?? ''} ${args.join(' ')}` });
    const failed = fail();
    if (callMs > 0) await new Promise((resolve) => setTimeout(resolve, callMs));
    return { code: failed ? 4 : 0, stdout: '', stderr: failed ? 'busy' : '' };
  };
  const { logger, lines } = captureLogger();
  const input = {
    netfilter: new Netfilter(TOOLSET, run),
    families: ['ipv4', 'ipv6'] as const,
    spec: SPEC,
    now: () => Date.now(),
    log: logger,
  };
  return { lease: new Lease(input, installedAt), calls, lines };
}

beforeEach(() => {
  jest.useFakeTimers({ now: START });
});
afterEach(() => {
  jest.useRealTimers();
});

describe('the redirect lease', () => {
  it('renews every family just after each second turns, each time to the next second', async () => {
    const { lease: l, calls } = lease();
    l.start();
    await jest.advanceTimersByTimeAsync(2000);
    expect(calls.map((c) => c.at - Date.UTC(2026, 10, 25, 12, 0, 0))).toEqual([
      1050, 1050, 2050, 2050,
    ]);
    expect(calls[0]?.args).toMatch(/^iptables-nft -w 10 -t nat -R EHC-[0-9a-f]{10} 1 -p tcp/);
    expect(calls[1]?.args).toMatch(/^ip6tables-nft /);
    expect(calls[0]?.args).toContain('--datestop 2026-11-25T12:00:02 ');
    expect(calls[2]?.args).toContain('--datestop 2026-11-25T12:00:03 ');
    expect(await l.stop()).toEqual({ renewals: 2, failures: 0, lapses: 0 });
  });

  it('stops renewing at the deadline and never extends past its last second', async () => {
    const { lease: l, calls } = lease();
    l.start();
    await jest.advanceTimersByTimeAsync(10_000);
    // The deadline is 12:00:05.3, so 12:00:04 is the last matching second: the renewal
    // at 12:00:04.05 is capped there, and none comes after it.
    expect(calls.filter((c) => c.args.startsWith('iptables')).map((c) => c.at % 10_000)).toEqual([
      1050, 2050, 3050, 4050,
    ]);
    expect(calls.at(-1)?.args).toContain('--datestop 2026-11-25T12:00:04 ');
    expect(await l.stop()).toEqual({ renewals: 4, failures: 0, lapses: 0 });
  });

  it('counts failures, logs the first, and keeps trying', async () => {
    let failing = true;
    const { lease: l, lines } = lease(() => failing);
    l.start();
    await jest.advanceTimersByTimeAsync(2000);
    failing = false;
    await jest.advanceTimersByTimeAsync(1000);
    // The lease from 12:00:00.3 ran to 12:00:02; the renewal at 12:00:03.05 found it out.
    expect(await l.stop()).toEqual({ renewals: 1, failures: 2, lapses: 1 });
    const errors = lines.filter((line) => line['level'] === 'error');
    expect(errors).toHaveLength(1);
    expect(String(errors[0]?.['message'])).toMatch(/renewing the redirect's lease failed.*busy/);
  });

  it('renews at once when it starts in a later second than its install, so it never lapses', async () => {
    // Installed at 11:59:59.9 (the lease runs to 12:00:01.0), started at 12:00:00.3: the
    // slot at 12:00:01.05 would come 50 ms after the redirect stopped matching.
    const { lease: l, calls } = lease(() => false, START - 400);
    l.start();
    await jest.advanceTimersByTimeAsync(2000);
    expect(calls.filter((c) => c.args.startsWith('iptables')).map((c) => c.at % 10_000)).toEqual([
      300, 1050, 2050,
    ]);
    expect(calls[0]?.args).toContain('--datestop 2026-11-25T12:00:01 ');
    expect(await l.stop()).toEqual({ renewals: 3, failures: 0, lapses: 0 });
  });

  it('follows a renewal that ran past the next second at once, so it never lapses', async () => {
    // Each iptables call takes 0.6 s: the renewal from 12:00:01.05 ends at 12:00:02.25,
    // its lease runs to 12:00:03.0, and the slot at 12:00:03.05 would be 50 ms late.
    const { lease: l, calls } = lease(() => false, START, 600);
    l.start();
    await jest.advanceTimersByTimeAsync(2500);
    const renewedAt = calls.filter((c) => c.args.startsWith('iptables')).map((c) => c.at % 10_000);
    expect(renewedAt).toHaveLength(2);
    expect(renewedAt[0]).toBe(1050);
    expect(renewedAt[1]).toBeGreaterThanOrEqual(2250);
    expect(renewedAt[1]).toBeLessThan(2300);
    // The renewal under way still waits on its slow call: let it end.
    const stopping = l.stop();
    await jest.advanceTimersByTimeAsync(1500);
    expect((await stopping).lapses).toBe(0);
  });

  it('runs nothing after stop', async () => {
    const { lease: l, calls } = lease();
    l.start();
    await l.stop();
    await jest.advanceTimersByTimeAsync(3000);
    expect(calls).toEqual([]);
  });
});
