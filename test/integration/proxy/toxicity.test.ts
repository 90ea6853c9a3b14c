import { describe, expect, it } from '@jest/globals';
import { type Tracked } from '../../../sandbox/world/processes.js';
import {
  APP_PORT,
  LatencyLog,
  exitOf,
  ourLines,
  peerOf,
  proxyArgs,
  save,
  startCli,
  waitForEvent,
  type JsonEvent,
} from './harness.js';
import { useProxyWorld } from './world.js';

// Which connections are reset, and when: TOXICITY, RESET_TIMEOUT=0, a refused upstream.
const latency = new LatencyLog('toxicity');
const world = useProxyWorld({ pair: { tag: 'toxic' }, latency });
const { tracker } = world;

async function withProxy(
  id: string,
  flags: Record<string, string>,
  body: (proxy: Tracked) => Promise<void>,
): Promise<JsonEvent> {
  const proxy = startCli(tracker, world.ns, proxyArgs(id, { 'duration-s': '120', ...flags }));
  await waitForEvent(proxy, 'ready');
  try {
    await body(proxy);
  } finally {
    proxy.child.kill('SIGTERM');
  }
  expect(await exitOf(proxy, 30_000)).toBe(0);
  expect(ourLines(await save(world.ns))).toEqual([]);
  const stopped = proxy.events().find((e) => e['event'] === 'stopped');
  expect(stopped).toMatchObject({ clean: true });
  return stopped!;
}

describe('toxicity and timing', () => {
  it('RESET_TIMEOUT=0 resets at once', async () => {
    await withProxy('toxic-zero', { 'reset-timeout-ms': '0' }, async () => {
      const result = await world.agent.send({
        op: 'request',
        host: world.server,
        port: APP_PORT,
        path: '/slow/3000',
      });
      expect(result.outcome).toBe('reset');
      expect(result.elapsedMs).toBeLessThan(1000);
      latency.add(result.elapsedMs);
    });
  }, 60_000);

  it('TOXICITY=0 resets nothing: every connection is proxied untouched', async () => {
    const stopped = await withProxy(
      'toxic-none',
      { 'reset-timeout-ms': '0', toxicity: '0' },
      async () => {
        const burst = await world.agent.send({
          op: 'burst',
          host: world.server,
          port: APP_PORT,
          path: '/fast',
          count: 100,
          concurrency: 10,
        });
        expect(burst.outcomes).toEqual({ complete: 100 });
        const one = await world.agent.send({
          op: 'request',
          host: world.server,
          port: APP_PORT,
          path: '/fast',
        });
        expect(peerOf(one)).toBe(world.server);
      },
    );
    expect(stopped).toMatchObject({
      connections: 101,
      resets: 0,
      passedThrough: 101,
      upstreamErrors: 0,
    });
  }, 60_000);

  it('TOXICITY=50 resets about half of a few hundred connections', async () => {
    const count = 300;
    let resetSeen = 0;
    const stopped = await withProxy(
      'toxic-half',
      { 'reset-timeout-ms': '0', toxicity: '50' },
      async () => {
        const burst = await world.agent.send({
          op: 'burst',
          host: world.server,
          port: APP_PORT,
          path: '/fast',
          count,
          concurrency: 10,
        });
        resetSeen = burst.outcomes?.['reset'] ?? 0;
        expect((burst.outcomes?.['complete'] ?? 0) + resetSeen).toBe(count);
      },
    );
    // Binomial(300, 0.5): sd 8.7; ±4.5 sd fails a correct proxy about once in 150,000 runs.
    expect(resetSeen).toBeGreaterThanOrEqual(111);
    expect(resetSeen).toBeLessThanOrEqual(189);
    expect(stopped).toMatchObject({
      connections: count,
      resets: resetSeen,
      passedThrough: count - resetSeen,
    });
  }, 90_000);

  it('resets the client when the upstream refuses', async () => {
    const stopped = await withProxy(
      'toxic-refused',
      { 'target-port': '8089', 'reset-timeout-ms': '5000' },
      async () => {
        const result = await world.agent.send({
          op: 'request',
          host: world.server,
          port: 8089,
          path: '/fast',
        });
        expect(result.outcome).toBe('reset');
        expect(result.elapsedMs).toBeLessThan(2000);
      },
    );
    expect(stopped).toMatchObject({ connections: 1, resets: 0, upstreamErrors: 1 });
  }, 60_000);
});
