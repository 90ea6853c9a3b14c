import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createNamespacePair, type NamespacePair } from '../../support/netns.js';
import { ProcessTracker } from '../../../sandbox/world/processes.js';
import {
  APP_PORT,
  H2_PORT,
  LatencyLog,
  expectNothingLeft,
  expectResetAfter,
  exitOf,
  ourLines,
  peerOf,
  proxyArgs,
  save,
  startAgent,
  startApp,
  startCli,
  waitForEvent,
  type Agent,
} from './harness.js';

// HTTP/2 cleartext with prior knowledge, and IPv6 clients when the namespace has IPv6.
const tracker = new ProcessTracker();
const latency = new LatencyLog('protocols');
let pair: NamespacePair | undefined;
let agent: Agent;
let ns: string;
let v4: string;
let v6: string;

beforeAll(async () => {
  pair = await createNamespacePair({ tag: 'proto', ipv6: true });
  ns = pair.server.ns;
  v4 = pair.server.ipv4;
  v6 = pair.server.ipv6!;
  await startApp(tracker, ns, { hosts: [v4, v6], http1Port: APP_PORT, h2Port: H2_PORT });
  agent = await startAgent(tracker, pair.client.ns);
}, 60_000);

afterAll(async () => {
  latency.write();
  await expectNothingLeft(tracker, [pair]);
}, 60_000);

async function stop(proxy: ReturnType<typeof startCli>): Promise<void> {
  proxy.child.kill('SIGTERM');
  expect(await exitOf(proxy, 30_000)).toBe(0);
  expect(ourLines(await save(ns, 'iptables-save'))).toEqual([]);
  expect(ourLines(await save(ns, 'ip6tables-save'))).toEqual([]);
}

describe('protocols and address families', () => {
  it('resets an HTTP/2 prior-knowledge connection too', async () => {
    const proxy = startCli(
      tracker,
      ns,
      proxyArgs('proto-h2', { 'target-port': String(H2_PORT), 'reset-timeout-ms': '500' }),
    );
    await waitForEvent(proxy, 'ready');
    const fast = await agent.send({ op: 'h2', host: v4, port: H2_PORT, path: '/fast' });
    expect(fast).toMatchObject({ outcome: 'complete', status: 200 });
    expect(peerOf(fast)).toBe(v4);
    const slow = await agent.send({ op: 'h2', host: v4, port: H2_PORT, path: '/slow/5000' });
    expect(slow).toMatchObject({ outcome: 'reset', error: 'ECONNRESET' });
    expectResetAfter(slow, 500, latency);
    await stop(proxy);
  }, 60_000);

  it('redirects and resets IPv6 clients with ip6tables when the namespace has IPv6', async () => {
    const proxy = startCli(tracker, ns, proxyArgs('proto-v6', { 'reset-timeout-ms': '500' }));
    const ready = await waitForEvent(proxy, 'ready');
    expect(ready['families']).toEqual(['ipv4', 'ipv6']);
    expect(ourLines(await save(ns, 'ip6tables-save'))).toHaveLength(4);
    const fast = await agent.send({ op: 'request', host: v6, port: APP_PORT, path: '/fast' });
    expect(fast.outcome).toBe('complete');
    expect(peerOf(fast)).toBe(v6);
    const slow = await agent.send({ op: 'request', host: v6, port: APP_PORT, path: '/slow/5000' });
    expectResetAfter(slow, 500, latency);
    const slow4 = await agent.send({ op: 'request', host: v4, port: APP_PORT, path: '/slow/5000' });
    expect(slow4.outcome).toBe('reset');
    await stop(proxy);
    const direct = await agent.send({ op: 'request', host: v6, port: APP_PORT, path: '/fast' });
    expect(peerOf(direct)).toBe(pair!.client.ipv6);
  }, 60_000);
});
