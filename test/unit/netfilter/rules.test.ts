import { describe, expect, it } from '@jest/globals';
import {
  datestop,
  jumpRule,
  keeperRule,
  leaseExpiryMs,
  newChain,
  redirectRule,
  renewRule,
} from '../../../src/netfilter/rules.js';

const spec = {
  chaosId: 'exp-1',
  interfaceName: 'eth0',
  targetPort: 8080,
  proxyPort: 20000,
  deadlineMs: Date.UTC(2026, 10, 25, 12, 0, 5, 700),
};

describe('rule building', () => {
  it('ends the time match at the last whole second that ends by the deadline (UTC)', () => {
    // xt_time's --datestop is inclusive of its whole second.
    expect(datestop(Date.UTC(2026, 10, 25, 12, 0, 5, 700))).toBe('2026-11-25T12:00:04');
    expect(datestop(Date.UTC(2026, 10, 25, 12, 0, 5, 0))).toBe('2026-11-25T12:00:04');
    expect(datestop(Date.UTC(2027, 0, 1, 0, 0, 0, 1))).toBe('2026-12-31T23:59:59');
  });

  it('jumps only on new TCP handshakes to the target port on the interface, until the deadline', () => {
    expect(jumpRule(spec).join(' ')).toBe(
      '-t nat -I PREROUTING -i eth0 -p tcp --syn --dport 8080 -m time --datestop 2026-11-25T12:00:04 ' +
        '-m comment --comment ecs-http-chaos/exp-1 -j EHC-' +
        jumpRule(spec).at(-1)!.slice(4),
    );
    expect(jumpRule(spec).at(-1)).toMatch(/^EHC-[0-9a-f]{10}$/);
  });

  it('redirects in its own chain to the proxy port, tagged, on a lease to the next second', () => {
    const now = Date.UTC(2026, 10, 25, 11, 59, 30, 50);
    expect(newChain('exp-1')).toEqual(['-t', 'nat', '-N', jumpRule(spec).at(-1)]);
    expect(redirectRule(spec, now)).toEqual([
      '-t',
      'nat',
      '-A',
      jumpRule(spec).at(-1),
      '-p',
      'tcp',
      '-m',
      'time',
      '--datestop',
      '2026-11-25T11:59:31',
      '-m',
      'comment',
      '--comment',
      'ecs-http-chaos/exp-1',
      '-j',
      'REDIRECT',
      '--to-ports',
      '20000',
    ]);
  });

  it('renews the lease by replacing rule 1 of its own chain, never past the deadline', () => {
    const chain = jumpRule(spec).at(-1);
    const renewal = renewRule(spec, Date.UTC(2026, 10, 25, 11, 59, 40, 999));
    expect(renewal.slice(0, 5)).toEqual(['-t', 'nat', '-R', chain, '1']);
    expect(renewal.slice(5)).toEqual(
      redirectRule(spec, Date.UTC(2026, 10, 25, 11, 59, 40)).slice(4),
    );
    expect(renewal.join(' ')).toContain('--datestop 2026-11-25T11:59:41 ');
    // The deadline is 12:00:05.7: its last matching second, 12:00:04, caps the lease.
    const late = renewRule(spec, Date.UTC(2026, 10, 25, 12, 0, 4, 100));
    expect(late.join(' ')).toContain('--datestop 2026-11-25T12:00:04 ');
  });

  it('says when a lease stops matching: the end of the second after the renewal', () => {
    expect(leaseExpiryMs(Date.UTC(2026, 10, 25, 11, 59, 40, 50), spec.deadlineMs)).toBe(
      Date.UTC(2026, 10, 25, 11, 59, 42),
    );
    expect(leaseExpiryMs(Date.UTC(2026, 10, 25, 12, 0, 5, 0), spec.deadlineMs)).toBe(
      Date.UTC(2026, 10, 25, 12, 0, 5),
    );
  });

  it('keeps conntrack with a target-less, tagged filter INPUT rule', () => {
    expect(keeperRule('exp-1')).toEqual([
      '-t',
      'filter',
      '-A',
      'INPUT',
      '-m',
      'conntrack',
      '--ctstate',
      'NEW',
      '-m',
      'comment',
      '--comment',
      'ecs-http-chaos-keeper/exp-1',
    ]);
  });
});
