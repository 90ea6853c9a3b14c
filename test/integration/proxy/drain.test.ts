import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createNamespacePair, mustRunIn, type NamespacePair } from '../../support/netns.js';
import { ProcessTracker } from '../../../sandbox/world/processes.js';
import {
  APP_PORT,
  expectNothingLeft,
  expectTablesRestored,
  exitOf,
  normalizeSave,
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

// The window ended by a signal while connections are in flight.
const tracker = new ProcessTracker();
let pair: NamespacePair | undefined;
let agent: Agent;
let server: string;
let before: string;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  pair = await createNamespacePair({ tag: 'drain' });
  server = pair.server.ipv4;
  await startApp(tracker, pair.server.ns, { hosts: [server], http1Port: APP_PORT });
  agent = await startAgent(tracker, pair.client.ns);
  await mustRunIn(pair.server.ns, 'iptables', [
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
  before = normalizeSave(await save(pair.server.ns));
}, 60_000);

afterAll(async () => {
  await expectNothingLeft(tracker, [pair]);
}, 60_000);

describe('SIGTERM during the window', () => {
  it('disarms pending resets, lets in-flight requests finish within the drain, closes the rest normally', async () => {
    const proxy = startCli(
      tracker,
      pair!.server.ns,
      proxyArgs('drain-1', { 'reset-timeout-ms': '2500', 'duration-s': '60', 'drain-s': '5' }),
    );
    await waitForEvent(proxy, 'ready');
    // Both connections are proxied and armed to be reset at 2.5 s.
    const finishing = agent.send({
      op: 'request',
      host: server,
      port: APP_PORT,
      path: '/slow/4000',
      timeoutMs: 30_000,
    });
    const lingering = agent.send({
      op: 'request',
      host: server,
      port: APP_PORT,
      path: '/slow/30000',
      timeoutMs: 30_000,
    });
    await sleep(700);
    const signalledAt = Date.now();
    proxy.child.kill('SIGTERM');

    const done = await finishing;
    expect(done.outcome).toBe('complete');
    expect(peerOf(done)).toBe(server);
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
    const after = await save(pair!.server.ns);
    expect(ourLines(after)).toEqual([]);
    expectTablesRestored(before, after);
  });

  it('lets new connections go direct afterwards', async () => {
    const direct = await agent.send({
      op: 'request',
      host: server,
      port: APP_PORT,
      path: '/slow/3000',
    });
    expect(direct.outcome).toBe('complete');
    expect(peerOf(direct)).toBe(pair!.client.ipv4);
  }, 30_000);

  it('ends the same way on SIGINT', async () => {
    const proxy = startCli(tracker, pair!.server.ns, proxyArgs('drain-2', { 'duration-s': '60' }));
    await waitForEvent(proxy, 'ready');
    proxy.child.kill('SIGINT');
    expect(await exitOf(proxy, 30_000)).toBe(0);
    expect(proxy.events().find((e) => e['event'] === 'stopped')).toMatchObject({
      reason: 'SIGINT',
      clean: true,
    });
    expect(ourLines(await save(pair!.server.ns))).toEqual([]);
  }, 60_000);
});
