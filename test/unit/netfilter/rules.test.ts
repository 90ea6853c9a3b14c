import { describe, expect, it } from '@jest/globals';
import {
  datestop,
  jumpRule,
  keeperRule,
  newChain,
  redirectRule,
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

  it('redirects in its own chain to the proxy port, tagged', () => {
    expect(newChain('exp-1')).toEqual(['-t', 'nat', '-N', jumpRule(spec).at(-1)]);
    expect(redirectRule(spec)).toEqual([
      '-t',
      'nat',
      '-A',
      jumpRule(spec).at(-1),
      '-p',
      'tcp',
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
