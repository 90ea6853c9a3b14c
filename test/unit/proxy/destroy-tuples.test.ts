import { describe, expect, it } from '@jest/globals';
import {
  FILTER_PREFIX,
  canonicalAddress,
  filterRest,
  filterTokens,
  parseEvent,
  parseSocketLine,
  tupleKey,
} from '../../../src/proxy/destroy/tuples.js';

describe('conntrack events and ss lines', () => {
  it('reads a NEW event: the client dialled our address, stamped to the microsecond', () => {
    const line =
      '[1796461973.765002]\t    [NEW] tcp      6 120 SYN_SENT src=10.77.0.1 dst=10.77.0.2 sport=36264 dport=8080 [UNREPLIED] src=10.77.0.2 dst=10.77.0.1 sport=8080 dport=36264';
    expect(parseEvent(line)).toEqual({
      atMs: 1796461973765.002,
      state: 'SYN_SENT',
      tuple: {
        localAddress: '10.77.0.2',
        localPort: 8080,
        remoteAddress: '10.77.0.1',
        remotePort: 36264,
      },
    });
  });

  it('keeps the state of a flow picked up mid-stream, and ignores other lines', () => {
    const pickup =
      '[1796461950.500386]\t    [NEW] tcp      6 300 ESTABLISHED src=fd77::1 dst=fd77::2 sport=45050 dport=8080 [UNREPLIED] src=fd77::2 dst=fd77::1 sport=8080 dport=45050';
    expect(parseEvent(pickup)?.state).toBe('ESTABLISHED');
    expect(parseEvent(pickup)?.tuple.localAddress).toBe('fd77::2');
    expect(
      parseEvent('[1796461950.500437]\t [UPDATE] tcp      6 300 src=10.77.0.1 dst='),
    ).toBeUndefined();
    expect(
      parseEvent('NOTICE: Netlink socket buffer size has been set to 8388608 bytes.'),
    ).toBeUndefined();
  });

  it('reads ss lines with and without the State column, IPv4-mapped or scoped', () => {
    const mapped = parseSocketLine(
      'ESTAB 0      0      [::ffff:10.77.0.2]:8080 [::ffff:10.77.0.1]:43520',
    );
    expect(mapped && tupleKey(mapped)).toBe('10.77.0.2:8080>10.77.0.1:43520');
    const v6 = parseSocketLine(
      '0      0               [fd77::2]:8080          [fd77::1]:59962       ',
    );
    expect(v6 && tupleKey(v6)).toBe('fd77::2:8080>fd77::1:59962');
    expect(parseSocketLine('')).toBeUndefined();
    expect(canonicalAddress('[fe80::1%eth0]')).toBe('fe80::1');
  });

  it('names exactly the given connections, and only its last word completes it', () => {
    const tuples = [
      { localAddress: '10.0.0.2', localPort: 80, remoteAddress: '10.0.0.9', remotePort: 40000 },
      { localAddress: 'fd00::2', localPort: 80, remoteAddress: 'fd00::9', remotePort: 40001 },
    ];
    const whole =
      '( ( src 10.0.0.2:80 and dst 10.0.0.9:40000 ) or ( src [fd00::2]:80 and dst [fd00::9]:40001 ) )';
    expect(filterTokens(tuples).join(' ')).toBe(whole);
    // In the pipe, one connection per line (ss refuses long lines), the same words.
    expect(FILTER_PREFIX + filterRest(tuples)).toBe(
      '(\n( src 10.0.0.2:80 and dst 10.0.0.9:40000 )\nor ( src [fd00::2]:80 and dst [fd00::9]:40001 )\n)\n',
    );
    expect((FILTER_PREFIX + filterRest(tuples)).split(/\s+/).join(' ').trim()).toBe(whole);
    // Cut anywhere before its end, more parentheses are open than closed: ss refuses it.
    for (let cut = 0; cut < whole.length; cut += 1) {
      const part = (FILTER_PREFIX + filterRest(tuples)).slice(0, Math.max(cut, 1));
      expect(part.split('(').length).toBeGreaterThan(part.split(')').length);
    }
  });
});
