import { describe, expect, it } from '@jest/globals';
import {
  CHAIN_PATTERN,
  chainName,
  keeperComment,
  ruleComment,
  tagOf,
} from '../../../src/netfilter/names.js';

describe('chain names and tags', () => {
  it('names the chain EHC- plus 10 hex of sha256(id): within the 28-character limit', () => {
    expect(chainName('exp-1')).toMatch(CHAIN_PATTERN);
    expect(chainName('a'.repeat(64))).toHaveLength(14);
    // sha256("abc") = ba7816bf8f01cfea…, the FIPS 180-2 test vector.
    expect(chainName('abc')).toBe('EHC-ba7816bf8f');
    expect(chainName('exp-1')).not.toBe(chainName('exp-2'));
  });

  it('tags jump rules and keepers with the full id, without spaces', () => {
    expect(ruleComment('exp-1')).toBe('ecs-http-chaos/exp-1');
    expect(keeperComment('exp-1')).toBe('ecs-http-chaos-keeper/exp-1');
  });

  it('reads our tag back from iptables-save lines, quoted or not', () => {
    expect(
      tagOf('-A PREROUTING -p tcp -m comment --comment "ecs-http-chaos/exp-1" -j EHC-0'),
    ).toEqual({ kind: 'rule', chaosId: 'exp-1' });
    expect(
      tagOf('-A INPUT -m conntrack --ctstate NEW -m comment --comment ecs-http-chaos-keeper/exp-1'),
    ).toEqual({ kind: 'keeper', chaosId: 'exp-1' });
  });

  it('does not mistake other comments for ours', () => {
    expect(
      tagOf('-A INPUT -m comment --comment "ecs-http-chaos/exp-1 by hand" -j ACCEPT'),
    ).toBeUndefined();
    expect(
      tagOf('-A INPUT -m comment --comment "my-ecs-http-chaos/exp-1" -j ACCEPT'),
    ).toBeUndefined();
    expect(tagOf('-A INPUT -m comment --comment "ecs-http-chaos/EXP" -j ACCEPT')).toBeUndefined();
    expect(tagOf('-A DOCKER -d 172.17.0.2/32 -p tcp -j ACCEPT')).toBeUndefined();
  });
});
