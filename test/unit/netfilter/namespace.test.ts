import { describe, expect, it } from '@jest/globals';
import {
  parseDefaultRoute,
  parseDefaultRoute6,
  parseInterfaces,
  readNamespaceFacts,
} from '../../../src/netfilter/namespace.js';

const ROUTE = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth1\t00000000\t0101A8C0\t0003\t0\t0\t200\t00000000\t0\t0\t0
eth0\t0000C90A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
eth0\t00000000\t0100C90A\t0003\t0\t0\t100\t00000000\t0\t0\t0
`;

const DEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
  eth0:      90       1    0    0    0     0          0         0       90       1    0    0    0     0       0          0
`;

const ROUTE6 = `00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo
00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000231000000000000000000000001 00000400 00000001 00000000 00000003     eth0
`;

describe('namespace facts from /proc', () => {
  it('lists interfaces', () => {
    expect(parseInterfaces(DEV)).toEqual(['lo', 'eth0']);
  });

  it('finds the default route with the lowest metric', () => {
    expect(parseDefaultRoute(ROUTE)).toBe('eth0');
    expect(parseDefaultRoute(ROUTE.split('\n').slice(0, 3).join('\n'))).toBe('eth1');
    expect(parseDefaultRoute(ROUTE.split('\n').slice(0, 1).join('\n'))).toBeUndefined();
  });

  it('finds an IPv6 default route, ignoring the unreachable one on lo', () => {
    expect(parseDefaultRoute6(ROUTE6)).toBe('eth0');
    expect(parseDefaultRoute6(ROUTE6.split('\n')[0]!)).toBeUndefined();
  });

  it('says which interfaces have IPv6 enabled', async () => {
    const files: Record<string, string> = {
      '/proc/net/dev': DEV,
      '/proc/net/route': ROUTE,
      '/proc/sys/net/ipv6/conf/lo/disable_ipv6': '0\n',
      '/proc/sys/net/ipv6/conf/eth0/disable_ipv6': '1\n',
    };
    const facts = await readNamespaceFacts((path) => Promise.resolve(files[path]));
    expect(facts).toEqual({
      interfaces: ['lo', 'eth0'],
      defaultRouteInterface: 'eth0',
      ipv6Interfaces: ['lo'],
    });
  });
});
