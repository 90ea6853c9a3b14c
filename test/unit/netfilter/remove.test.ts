import { describe, expect, it } from '@jest/globals';
import { Netfilter } from '../../../src/netfilter/netfilter.js';
import { removeTagged } from '../../../src/netfilter/remove.js';
import type { ExecProgram, Toolset } from '../../../src/netfilter/tools.js';

const TOOLSET: Toolset = {
  backend: 'nft',
  command: { ipv4: '/sbin/iptables-nft', ipv6: '/sbin/ip6tables-nft' },
  save: { ipv4: '/sbin/iptables-nft-save', ipv6: '/sbin/ip6tables-nft-save' },
};

const UNTAGGED = [
  '*nat',
  ':PREROUTING ACCEPT [0:0]',
  ':DOCKER - [0:0]',
  '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
  'COMMIT',
  '',
].join('\n');

describe('removeTagged', () => {
  it('reads the tables once and changes nothing when nothing carries the tag', async () => {
    const calls: string[] = [];
    const run: ExecProgram = (file, args) => {
      calls.push(`${file.split('/').pop() ?? ''} ${args.join(' ')}`);
      return Promise.resolve({ code: 0, stdout: UNTAGGED, stderr: '' });
    };
    const report = await removeTagged(
      new Netfilter(TOOLSET, run),
      'ipv4',
      { chaosId: 'exp-1' },
      'everything',
    );
    expect(report).toMatchObject({ removed: [], failures: [], remaining: [] });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/^iptables-nft-save/);
  });
});
