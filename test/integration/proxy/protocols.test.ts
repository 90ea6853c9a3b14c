import { describe, expect, it } from '@jest/globals';
import {
  APP_PORT,
  H2_PORT,
  LatencyLog,
  expectResetAfter,
  exitOf,
  ourLines,
  peerOf,
  proxyArgs,
  save,
  startCli,
  waitForEvent,
} from './harness.js';
import { useProxyWorld } from './world.js';

// HTTP/2 cleartext with prior knowledge, and IPv6 clients when the namespace has IPv6.
const latency = new LatencyLog('protocols');
const world = useProxyWorld({ pair: { tag: 'proto', ipv6: true }, h2: true, latency });
const { tracker } = world;

async function stop(proxy: ReturnType<typeof startCli>): Promise<void> {
  proxy.child.kill('SIGTERM');
  expect(await exitOf(proxy, 30_000)).toBe(0);
  expect(ourLines(await save(world.ns, 'iptables-save'))).toEqual([]);
  expect(ourLines(await save(world.ns, 'ip6tables-save'))).toEqual([]);
}

describe('protocols and address families', () => {
  it('resets an HTTP/2 prior-knowledge connection too', async () => {
    const proxy = startCli(
      tracker,
      world.ns,
      proxyArgs('proto-h2', { 'target-port': String(H2_PORT), 'reset-timeout-ms': '500' }),
    );
    await waitForEvent(proxy, 'ready');
    const fast = await world.agent.send({
      op: 'h2',
      host: world.server,
      port: H2_PORT,
      path: '/fast',
    });
    expect(fast).toMatchObject({ outcome: 'complete', status: 200 });
    expect(peerOf(fast)).toBe(world.server);
    const slow = await world.agent.send({
      op: 'h2',
      host: world.server,
      port: H2_PORT,
      path: '/slow/5000',
    });
    expect(slow).toMatchObject({ outcome: 'reset', error: 'ECONNRESET' });
    expectResetAfter(slow, 500, latency);
    await stop(proxy);
  }, 60_000);

  it('redirects and resets IPv6 clients with ip6tables when the namespace has IPv6', async () => {
    const proxy = startCli(tracker, world.ns, proxyArgs('proto-v6', { 'reset-timeout-ms': '500' }));
    const ready = await waitForEvent(proxy, 'ready');
    expect(ready['families']).toEqual(['ipv4', 'ipv6']);
    expect(ourLines(await save(world.ns, 'ip6tables-save'))).toHaveLength(4);
    const fast = await world.agent.send({
      op: 'request',
      host: world.server6,
      port: APP_PORT,
      path: '/fast',
    });
    expect(fast.outcome).toBe('complete');
    expect(peerOf(fast)).toBe(world.server6);
    const slow = await world.agent.send({
      op: 'request',
      host: world.server6,
      port: APP_PORT,
      path: '/slow/5000',
    });
    expectResetAfter(slow, 500, latency);
    const slow4 = await world.agent.send({
      op: 'request',
      host: world.server,
      port: APP_PORT,
      path: '/slow/5000',
    });
    expect(slow4.outcome).toBe('reset');
    await stop(proxy);
    const direct = await world.agent.send({
      op: 'request',
      host: world.server6,
      port: APP_PORT,
      path: '/fast',
    });
    expect(peerOf(direct)).toBe(world.pair.client.ipv6);
  }, 60_000);
});
