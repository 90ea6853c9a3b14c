import { beforeAll, describe, expect, it } from '@jest/globals';
import { mustRunIn } from '../../support/netns.js';
import { stage } from '../../support/stage.js';
import {
  APP_PORT,
  LatencyLog,
  expectResetAfter,
  expectTablesRestored,
  exitOf,
  normalizeSave,
  ourLines,
  peerOf,
  proxyArgs,
  save,
  startCli,
  waitForEvent,
  withoutOurLines,
  type JsonEvent,
} from './harness.js';
import { useProxyWorld } from './world.js';

// One fault window that ends at its deadline: what happens during it, at its end, after it.
const latency = new LatencyLog('window');
const world = useProxyWorld({ pair: { tag: 'window' }, latency });
const { tracker } = world;
const COUNTERS = [
  'connections',
  'resets',
  'passedThrough',
  'active',
  'bytesFromClients',
  'bytesFromUpstream',
  'upstreamErrors',
];
let before: string;
let keptPort: number | undefined;

// Rules of "someone else" (Docker, a mesh) that must come out of the window unchanged.
const FOREIGN_RULES = [
  [
    '-t',
    'nat',
    '-A',
    'PREROUTING',
    '-p',
    'tcp',
    '--dport',
    '9999',
    '-m',
    'comment',
    '--comment',
    'a foreign rule',
    '-j',
    'RETURN',
  ],
  ['-t', 'nat', '-N', 'FOREIGN-CHAIN'],
  ['-t', 'nat', '-A', 'FOREIGN-CHAIN', '-p', 'udp', '-j', 'RETURN'],
  ['-t', 'filter', '-A', 'INPUT', '-p', 'tcp', '--dport', '9998', '-j', 'ACCEPT'],
  ['-t', 'filter', '-A', 'OUTPUT', '-o', 'lo', '-j', 'ACCEPT'],
];

// The one window of this file, in steps that run on first use (test/support/stage.ts): a
// test awaits the moment it checks, so each runs alone with -t and none sets state for
// the next.
const started = stage(async () => {
  const env = { ...process.env, ECS_HTTP_CHAOS_STATS_INTERVAL_S: '1' };
  const proxy = startCli(
    tracker,
    world.ns,
    proxyArgs('window-1', { 'reset-timeout-ms': '1000', 'duration-s': '8', interface: 'auto' }),
    env,
  );
  const ready = await waitForEvent(proxy, 'ready');
  return { proxy, ready, during: await save(world.ns) };
});
/** One request slower than RESET_TIMEOUT and one fast request, through the proxy. */
const traffic = stage(async () => {
  await started();
  const slow = await world.agent.send({
    op: 'request',
    host: world.server,
    port: APP_PORT,
    path: '/slow/5000',
  });
  const fast = await world.agent.send({
    op: 'request',
    host: world.server,
    port: APP_PORT,
    path: '/fast',
  });
  return { slow, fast };
});
/** The window over at its deadline: the proxy's exit code and the tables it left. */
const ended = stage(async () => {
  const { proxy } = await started();
  await traffic();
  const code = await exitOf(proxy, 30_000);
  return { proxy, code, after: await save(world.ns) };
});

beforeAll(async () => {
  // The app listens on the namespace's own address only, not on loopback.
  for (const rule of FOREIGN_RULES) await mustRunIn(world.ns, 'iptables', ['-w', '5', ...rule]);
  before = normalizeSave(await save(world.ns));
  const kept = await world.agent.send({
    op: 'request',
    host: world.server,
    port: APP_PORT,
    path: '/fast',
    keep: 'k',
  });
  expect(kept.outcome).toBe('complete');
  expect(peerOf(kept)).toBe(world.client);
  keptPort = kept.localPort;
}, 60_000);

describe('a fault window ending at its deadline', () => {
  it('starts, announces itself and installs only its tagged rules', async () => {
    const { proxy, ready, during } = await started();
    expect(ready).toMatchObject({
      id: 'window-1',
      interface: 'ehc-s0',
      backend: 'nft',
      families: ['ipv4'],
      targetPort: APP_PORT,
    });
    expect(ready['chain']).toMatch(/^EHC-[0-9a-f]{10}$/);
    const ours = ourLines(during);
    expect(ours).toHaveLength(4);
    expect(ours.join('\n')).toMatch(
      /-A PREROUTING -i ehc-s0 -p tcp -m tcp --dport 8080 --tcp-flags FIN,SYN,RST,ACK SYN -m time --datestop \S+ -m comment --comment "?ecs-http-chaos\/window-1"? -j EHC-/,
    );
    expect(ours.join('\n')).toMatch(
      /-A INPUT -m conntrack --ctstate NEW -m comment --comment "?ecs-http-chaos-keeper\/window-1"?/,
    );
    expect(withoutOurLines(during)).toBe(before);
    // IPv6 is disabled on this pair: no ip6tables rules, and the log says so.
    expect(ourLines(await save(world.ns, 'ip6tables-save'))).toEqual([]);
    expect(proxy.stderr).toContain(
      'interface ehc-s0 has IPv6 disabled: IPv6 clients are not affected',
    );
  }, 60_000);

  it('resets a request slower than RESET_TIMEOUT close to the timeout', async () => {
    expectResetAfter((await traffic()).slow, 1000, latency);
  }, 30_000);

  it('proxies a fast request in full to an app bound only to the namespace address', async () => {
    const { fast } = await traffic();
    expect(fast.outcome).toBe('complete');
    expect(fast.status).toBe(200);
    expect(peerOf(fast)).toBe(world.server);
  }, 30_000);

  it('leaves the keep-alive connection opened before the proxy alone', async () => {
    await started();
    const again = await world.agent.send({ op: 'request', reuse: 'k', path: '/fast' });
    expect(again.outcome).toBe('complete');
    expect(again.localPort).toBe(keptPort);
    expect(peerOf(again)).toBe(world.client);
  }, 30_000);

  it('prints stats lines with the contract counters', async () => {
    const { proxy } = await started();
    await traffic();
    // The first line may predate the requests; wait for one that counts them.
    const line = await proxy.waitForLine(
      (l) =>
        l.startsWith('{"event":"stats"') &&
        !l.includes('"connections":0,') &&
        !l.includes('"connections":1,'),
      10_000,
    );
    const stats = JSON.parse(line) as JsonEvent;
    for (const name of COUNTERS) expect(typeof stats[name]).toBe('number');
    expect(stats).toMatchObject({ id: 'window-1', resets: 1, upstreamErrors: 0 });
  }, 30_000);

  it('stops at the deadline with exit 0 and removes every rule, chain and keeper', async () => {
    const { proxy, code } = await ended();
    expect(code).toBe(0);
    const stopped = proxy.events().find((e) => e['event'] === 'stopped');
    expect(stopped).toMatchObject({
      id: 'window-1',
      reason: 'deadline',
      clean: true,
      removed: 4,
      active: 0,
      upstreamErrors: 0,
    });
    expect(stopped?.['resets']).toBeGreaterThanOrEqual(1);
    expect(stopped?.['connections']).toBeGreaterThanOrEqual(2);
    for (const name of COUNTERS) expect(typeof stopped?.[name]).toBe('number');
    expect(proxy.stderr).toMatch(/\[proxy-remove\] removed 4 rules\/chains/);
  }, 40_000);

  it('leaves the rules that were there before byte-for-byte unchanged', async () => {
    const { after } = await ended();
    expect(ourLines(after)).toEqual([]);
    expectTablesRestored(before, after);
  });

  it('after the window: new connections go direct and the old keep-alive connection still works', async () => {
    await ended();
    const again = await world.agent.send({ op: 'request', reuse: 'k', path: '/fast' });
    expect(again.outcome).toBe('complete');
    expect(again.localPort).toBe(keptPort);
    const slow = await world.agent.send({
      op: 'request',
      host: world.server,
      port: APP_PORT,
      path: '/slow/1500',
    });
    expect(slow.outcome).toBe('complete');
    expect(peerOf(slow)).toBe(world.client);
  }, 30_000);
});
