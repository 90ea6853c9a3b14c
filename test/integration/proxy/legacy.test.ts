import { beforeAll, describe, expect, it } from '@jest/globals';
import { mustRunIn } from '../../support/netns.js';
import {
  APP_PORT,
  LatencyLog,
  expectResetAfter,
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

// A namespace that already uses iptables-legacy (as on Amazon Linux 2): the proxy joins
// that backend and never adds nf_tables rules beside it.
const latency = new LatencyLog('legacy');
const world = useProxyWorld({ pair: { tag: 'legacy' }, latency });
const { tracker } = world;
let legacyBefore: string;
let nftBefore: string;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  await mustRunIn(world.ns, 'iptables-legacy', [
    '-w',
    '5',
    '-t',
    'nat',
    '-A',
    'PREROUTING',
    '-p',
    'tcp',
    '--dport',
    '9999',
    '-j',
    'RETURN',
  ]);
  await mustRunIn(world.ns, 'iptables-legacy', [
    '-w',
    '5',
    '-t',
    'filter',
    '-A',
    'INPUT',
    '-p',
    'tcp',
    '--dport',
    '9998',
    '-j',
    'ACCEPT',
  ]);
  legacyBefore = normalizeSave(await save(world.ns, 'iptables-legacy-save'));
  nftBefore = normalizeSave(await save(world.ns, 'iptables-save'));
  const kept = await world.agent.send({
    op: 'request',
    host: world.server,
    port: APP_PORT,
    path: '/fast',
    keep: 'k',
  });
  expect(kept.outcome).toBe('complete');
}, 60_000);

describe('the legacy backend', () => {
  it('is chosen when the namespace already uses it, and the fault works through it', async () => {
    const proxy = startCli(
      tracker,
      world.ns,
      proxyArgs('legacy-1', { 'reset-timeout-ms': '1000', 'drain-s': '5' }),
    );
    const ready = await waitForEvent(proxy, 'ready');
    expect(ready['backend']).toBe('legacy');
    expect(ourLines(await save(world.ns, 'iptables-legacy-save'))).toHaveLength(4);
    expect(normalizeSave(await save(world.ns, 'iptables-save'))).toBe(nftBefore);

    const slow = await world.agent.send({
      op: 'request',
      host: world.server,
      port: APP_PORT,
      path: '/slow/5000',
    });
    expectResetAfter(slow, 1000, latency);
    const kept = await world.agent.send({ op: 'request', reuse: 'k', path: '/fast' });
    expect(kept.outcome).toBe('complete');
    expect(peerOf(kept)).toBe(world.client);

    // In flight across the window end: the keeper keeps its mapping through the removal.
    const inFlight = world.agent.send({
      op: 'request',
      host: world.server,
      port: APP_PORT,
      path: '/slow/2500',
    });
    await sleep(500);
    proxy.child.kill('SIGTERM');
    const done = await inFlight;
    expect(done.outcome).toBe('complete');
    expect(peerOf(done)).toBe(world.server);
    expect(await exitOf(proxy, 30_000)).toBe(0);
    expect(proxy.events().find((e) => e['event'] === 'stopped')).toMatchObject({
      clean: true,
      closedAfterDrain: 0,
    });
  }, 60_000);

  it('leaves legacy tables as they were and nf_tables untouched', async () => {
    expect(normalizeSave(await save(world.ns, 'iptables-legacy-save'))).toBe(legacyBefore);
    expect(normalizeSave(await save(world.ns, 'iptables-save'))).toBe(nftBefore);
    const kept = await world.agent.send({ op: 'request', reuse: 'k', path: '/fast' });
    expect(kept.outcome).toBe('complete');
  }, 30_000);
});
