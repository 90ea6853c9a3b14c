import { describe, expect, it } from '@jest/globals';
import { installRedirect } from '../../../src/netfilter/install.js';
import { Netfilter } from '../../../src/netfilter/netfilter.js';
import type { ExecProgram, Toolset } from '../../../src/netfilter/tools.js';

const TOOLSET: Toolset = {
  backend: 'nft',
  command: { ipv4: '/sbin/iptables-nft', ipv6: '/sbin/ip6tables-nft' },
  save: { ipv4: '/sbin/iptables-nft-save', ipv6: '/sbin/ip6tables-nft-save' },
};

const SPEC = {
  chaosId: 'exp-1',
  interfaceName: 'eth0',
  targetPort: 8080,
  proxyPort: 20000,
  deadlineMs: Date.UTC(2026, 0, 1),
};
const NOW = Date.UTC(2025, 11, 31, 23, 0, 0, 50);

function recorder(failOn?: string): { run: ExecProgram; calls: string[] } {
  const calls: string[] = [];
  const run: ExecProgram = (file, args) => {
    const call = `${file.split('/').pop() ?? ''} ${args.join(' ')}`;
    calls.push(call);
    const failed = failOn !== undefined && call.includes(failOn);
    return Promise.resolve({
      code: failed ? 1 : 0,
      stdout: '',
      stderr: failed ? 'iptables: No chain/target/match by that name.' : '',
    });
  };
  return { run, calls };
}

describe('installing the redirect', () => {
  it('puts the keepers first and the jumps last, each family, with a lock wait', async () => {
    const { run, calls } = recorder();
    await installRedirect(new Netfilter(TOOLSET, run), ['ipv4', 'ipv6'], SPEC, NOW);
    expect(calls.map((c) => c.replace(/ -m comment.*| -p tcp.*/, ''))).toEqual([
      'iptables-nft -w 10 -t filter -A INPUT -m conntrack --ctstate NEW',
      'ip6tables-nft -w 10 -t filter -A INPUT -m conntrack --ctstate NEW',
      expect.stringMatching(/^iptables-nft -w 10 -t nat -N EHC-/),
      expect.stringMatching(/^iptables-nft -w 10 -t nat -A EHC-/),
      expect.stringMatching(/^ip6tables-nft -w 10 -t nat -N EHC-/),
      expect.stringMatching(/^ip6tables-nft -w 10 -t nat -A EHC-/),
      'iptables-nft -w 10 -t nat -I PREROUTING -i eth0',
      'ip6tables-nft -w 10 -t nat -I PREROUTING -i eth0',
    ]);
  });

  it('stops at the first failure and names the command and its error', async () => {
    const { run, calls } = recorder('-I PREROUTING');
    await expect(installRedirect(new Netfilter(TOOLSET, run), ['ipv4'], SPEC, NOW)).rejects.toThrow(
      /iptables-nft -t nat -I PREROUTING .* -m time .*: iptables: No chain\/target\/match by that name\./,
    );
    expect(calls).toHaveLength(4);
  });
});

describe('removing one rule', () => {
  it('counts "already gone" as done, and throws on any other error', async () => {
    const gone = new Netfilter(TOOLSET, recorder('-D').run);
    await expect(gone.remove('ipv4', ['-t', 'nat', '-D', 'PREROUTING', '-j', 'X'])).resolves.toBe(
      false,
    );
    const broken: ExecProgram = () =>
      Promise.resolve({
        code: 4,
        stdout: '',
        stderr: 'Another app is currently holding the xtables lock',
      });
    await expect(
      new Netfilter(TOOLSET, broken).remove('ipv4', ['-t', 'nat', '-D', 'PREROUTING']),
    ).rejects.toThrow(/xtables lock/);
  });
});
