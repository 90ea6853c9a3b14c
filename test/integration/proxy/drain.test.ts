import { beforeAll, describe, expect, it } from '@jest/globals';
import { mustRunIn } from '../../support/netns.js';
import {
  APP_PORT,
  expectTablesRestored,
  exitOf,
  normalizeSave,
  ourLines,
  peerOf,
  proxyArgs,
  save,
  startCli,
  waitForEvent,
} from './harness.js';
import { useProxyWorld } from './world.js';

// The window ended by a signal while connections are in flight.
const world = useProxyWorld({ pair: { tag: 'drain' } });
const { tracker } = world;
let before: string;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  await mustRunIn(world.ns, 'iptables', [
    '-w',
    '5',
    '-t',
    'nat',
    '-A',
    'OUTPUT',
    '-p',
    'tcp',
    '--dport',
    '7',
    '-j',
    'RETURN',
  ]);
  before = normalizeSave(await save(world.ns));
}, 60_000);

describe('SIGTERM during the window', () => {
  it('disarms pending resets, lets in-flight requests finish within the drain, closes the rest normally', async () => {
    const proxy = startCli(
      tracker,
      world.ns,
      proxyArgs('drain-1', { 'reset-timeout-ms': '2500', 'duration-s': '60', 'drain-s': '5' }),
    );
    await waitForEvent(proxy, 'ready');
    // Both connections are proxied and armed to be reset at 2.5 s.
    const finishing = world.agent.send({
      op: 'request',
      host: world.server,
      port: APP_PORT,
      path: '/slow/4000',
      timeoutMs: 30_000,
    });
    const lingering = world.agent.send({
      op: 'request',
      host: world.server,
      port: APP_PORT,
      path: '/slow/30000',
      timeoutMs: 30_000,
    });
    await sleep(700);
    const signalledAt = Date.now();
    proxy.child.kill('SIGTERM');

    const done = await finishing;
    expect(done.outcome).toBe('complete');
    expect(peerOf(done)).toBe(world.server);
    expect(done.elapsedMs).toBeGreaterThan(3900);

    const cut = await lingering;
    expect(cut.outcome).toBe('closed');
    // Closed at the end of the 5 s drain, not reset and not before.
    expect(Date.now() - signalledAt).toBeGreaterThan(4500);

    expect(await exitOf(proxy, 30_000)).toBe(0);
    const stopped = proxy.events().find((e) => e['event'] === 'stopped');
    expect(stopped).toMatchObject({
      reason: 'SIGTERM',
      resets: 0,
      closedAfterDrain: 1,
      clean: true,
      active: 0,
    });
    expect(proxy.stderr).toMatch(/\[proxy-drain\] window ended \(SIGTERM\)/);
  }, 60_000);

  it('leaves no rule, chain or keeper, and others rules unchanged', async () => {
    const after = await save(world.ns);
    expect(ourLines(after)).toEqual([]);
    expectTablesRestored(before, after);
  });

  it('lets new connections go direct afterwards', async () => {
    const direct = await world.agent.send({
      op: 'request',
      host: world.server,
      port: APP_PORT,
      path: '/slow/3000',
    });
    expect(direct.outcome).toBe('complete');
    expect(peerOf(direct)).toBe(world.client);
  }, 30_000);

  it('ends the same way on SIGINT', async () => {
    const proxy = startCli(tracker, world.ns, proxyArgs('drain-2', { 'duration-s': '60' }));
    await waitForEvent(proxy, 'ready');
    proxy.child.kill('SIGINT');
    expect(await exitOf(proxy, 30_000)).toBe(0);
    expect(proxy.events().find((e) => e['event'] === 'stopped')).toMatchObject({
      reason: 'SIGINT',
      clean: true,
    });
    expect(ourLines(await save(world.ns))).toEqual([]);
  }, 60_000);
});
