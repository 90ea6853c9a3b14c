import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from '@jest/globals';
import { faultAddresses } from '../../../src/proxy/destroy/addresses.js';

const info = (address: string): NetworkInterfaceInfo =>
  ({ address, family: address.includes(':') ? 'IPv6' : 'IPv4' }) as NetworkInterfaceInfo;

describe('the destroy mechanism’s addresses', () => {
  it('waits for an interface that is not listed yet, then takes its addresses and all of ours', async () => {
    const views = [
      { lo: [info('127.0.0.1')] },
      { lo: [info('127.0.0.1')] },
      { lo: [info('127.0.0.1')], eth0: [info('10.0.0.2'), info('fe80::1%eth0')] },
    ];
    let looks = 0;
    const slept: number[] = [];
    const found = await faultAddresses(
      () => views[Math.min(looks++, views.length - 1)]!,
      'eth0',
      (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
    );
    expect(slept).toEqual([100, 100]);
    expect([...found!.onInterface]).toEqual(['10.0.0.2', 'fe80::1']);
    expect([...found!.own].sort()).toEqual(['10.0.0.2', '127.0.0.1', 'fe80::1']);
  });

  it('gives up after about three seconds rather than match no connection at all', async () => {
    let slept = 0;
    const found = await faultAddresses(
      () => ({ lo: [info('127.0.0.1')] }),
      'eth0',
      (ms) => {
        slept += ms;
        return Promise.resolve();
      },
    );
    expect(found).toBeUndefined();
    expect(slept).toBeGreaterThanOrEqual(3000);
    expect(slept).toBeLessThanOrEqual(3200);
  });
});
