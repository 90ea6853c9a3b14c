import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mustRun } from '../../support/netns.js';
import { type Tracked } from '../../../sandbox/world/processes.js';
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
  type JsonEvent,
} from './harness.js';
import { useProxyWorld } from './world.js';

// The destroy mechanism (ADR 0131): nothing in the data path, each new connection
// destroyed through sock_diag RESET_TIMEOUT ms after its SYN, the relay as the fallback.
const latency = new LatencyLog('destroy');
const world = useProxyWorld({ pair: { tag: 'destroy', ipv6: true }, h2: true, latency });
const { tracker } = world;
const KEEPER = /ecs-http-chaos-keeper\//;
let withoutSs: string;
/** TMPDIR of every proxy here: a proxy killed with SIGKILL cannot remove its pipes. */
let tmp: string;

beforeAll(() => {
  // Everything the proxy needs except ss: destroy is then unavailable for real.
  withoutSs = mkdtempSync(join(tmpdir(), 'ehc-noss-'));
  tmp = mkdtempSync(join(tmpdir(), 'ehc-destroy-tmp-'));
  const tools = ['cat', 'dirname', 'readlink', 'conntrack', 'setpriv'];
  for (const backend of ['nft', 'legacy'])
    for (const family of ['iptables', 'ip6tables'])
      tools.push(`${family}-${backend}`, `${family}-${backend}-save`);
  for (const tool of tools) {
    const found = ['/usr/sbin', '/usr/bin'].map((d) => join(d, tool)).find((f) => existsSync(f));
    symlinkSync(found ?? `/missing/${tool}`, join(withoutSs, tool));
  }
}, 60_000);

afterAll(() => {
  rmSync(withoutSs, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
}, 60_000);

const live: Tracked[] = [];

function destroyProxy(id: string, flags: Record<string, string> = {}, env?: NodeJS.ProcessEnv) {
  const proxy = startCli(
    tracker,
    world.ns,
    proxyArgs(id, { mechanism: 'auto', 'duration-s': '60', ...flags }),
    { ...process.env, ...env, TMPDIR: tmp },
  );
  live.push(proxy);
  return proxy;
}

afterEach(async () => {
  // A failed test must not leave its proxy destroying the next test's connections.
  for (const proxy of live.splice(0)) {
    if (proxy.child.exitCode === null && proxy.child.signalCode === null) {
      proxy.child.kill('SIGTERM');
      await proxy.exitWithin(15_000);
    }
  }
  // …nor its rules (a test that failed before its own cleanup).
  if (ourLines(await save(world.ns, 'iptables-save')).length > 0) {
    await exitOf(startCli(tracker, world.ns, ['cleanup', '--all']));
  }
});

async function stopped(proxy: Tracked): Promise<JsonEvent> {
  proxy.child.kill('SIGTERM');
  expect(await exitOf(proxy)).toBe(0);
  expect(ourLines(await save(world.ns, 'iptables-save'))).toEqual([]);
  expect(ourLines(await save(world.ns, 'ip6tables-save'))).toEqual([]);
  return waitForEvent(proxy, 'stopped');
}

const request = (host: string, path: string, extra: Record<string, unknown> = {}) =>
  world.agent.send({ op: 'request', host, port: APP_PORT, path, ...extra });

describe('destroy instead of relay', () => {
  it('is chosen where the kernel allows; only the keeper is installed; no redirect', async () => {
    const kept = await request(world.server, '/fast', { keep: 'before' });
    expect(kept.outcome).toBe('complete');
    const proxy = destroyProxy('destroy-1', { 'reset-timeout-ms': '700' });
    const ready = await waitForEvent(proxy, 'ready');
    expect(ready).toMatchObject({ mechanism: 'destroy', families: ['ipv4', 'ipv6'] });
    expect(ready['mechanismWhy']).toMatch(/ss -K destroyed it/);
    expect(ready['preExisting']).toBeGreaterThanOrEqual(1);
    expect(ready).not.toHaveProperty('chain');
    for (const command of ['iptables-save', 'ip6tables-save'] as const) {
      const ours = ourLines(await save(world.ns, command));
      expect(ours).toHaveLength(1);
      expect(ours[0]).toMatch(KEEPER);
    }
    // Nothing in the path: the app sees the client's own address.
    const fast = await request(world.server, '/fast');
    expect(peerOf(fast)).toBe(world.client);
    // HTTP/1.1 over IPv4 and IPv6: reset on time, never before RESET_TIMEOUT.
    expectResetAfter(await request(world.server, '/slow/5000'), 700, latency);
    expectResetAfter(await request(world.server6, '/slow/5000'), 700, latency);
    // The connection opened before the window is never touched (conntrack picks it up
    // mid-stream at its next packet: that event is not a handshake and is ignored).
    const again = await request(world.server, '/slow/1000', { reuse: 'before' });
    expect(again.outcome).toBe('complete');
    expect(again.localPort).toBe(kept.localPort);
    const end = await stopped(proxy);
    expect(end).toMatchObject({
      mechanism: 'destroy',
      connections: 3,
      resets: 2,
      upstreamErrors: 0,
    });
    expect(end['preExisting']).toBeGreaterThanOrEqual(1);
    expect((end['destroy'] as Record<string, number>)['pickedUpMidStream']).toBeGreaterThanOrEqual(
      1,
    );
    const after = await request(world.server, '/fast', { reuse: 'before' });
    expect(after.outcome).toBe('complete');
    await world.agent.send({ op: 'close', name: 'before' });
  }, 60_000);

  it('resets HTTP/2 prior-knowledge connections on time', async () => {
    const proxy = destroyProxy('destroy-h2', {
      'target-port': String(H2_PORT),
      'reset-timeout-ms': '500',
    });
    await waitForEvent(proxy, 'ready');
    const fast = await world.agent.send({
      op: 'h2',
      host: world.server,
      port: H2_PORT,
      path: '/fast',
    });
    expect(fast).toMatchObject({ outcome: 'complete', status: 200 });
    const slow = await world.agent.send({
      op: 'h2',
      host: world.server6,
      port: H2_PORT,
      path: '/slow/5000',
    });
    expect(slow).toMatchObject({ outcome: 'reset', error: 'ECONNRESET' });
    expectResetAfter(slow, 500, latency);
    expect(await stopped(proxy)).toMatchObject({ connections: 2, resets: 1 });
  }, 60_000);

  it('a client reusing the address and port of a destroyed connection is reset again', async () => {
    const proxy = destroyProxy('destroy-reuse', { 'reset-timeout-ms': '300' });
    await waitForEvent(proxy, 'ready');
    // conntrack would reopen the first one's CLOSE entry (it lingers 10 s) without a NEW
    // event; the proxy deletes such entries right after each kill (ADR 0131).
    for (let i = 0; i < 3; i += 1) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 300));
      const result = await request(world.server, '/slow/3000', { localPort: 47_001 });
      expectResetAfter(result, 300, latency);
    }
    expect(await stopped(proxy)).toMatchObject({ connections: 3, resets: 3 });
  }, 60_000);

  it('RESET_TIMEOUT=0 destroys as soon as the connection is seen', async () => {
    const proxy = destroyProxy('destroy-zero', { 'reset-timeout-ms': '0', mechanism: 'destroy' });
    await waitForEvent(proxy, 'ready');
    const result = await request(world.server, '/slow/3000');
    expect(result.outcome).toBe('reset');
    expect(result.elapsedMs).toBeLessThan(1000);
    latency.add(result.elapsedMs);
    expect(await stopped(proxy)).toMatchObject({ connections: 1, resets: 1 });
  }, 60_000);

  it('TOXICITY=50 destroys a share of a few hundred connections inside its binomial bound', async () => {
    const count = 300;
    const proxy = destroyProxy('destroy-half', { 'reset-timeout-ms': '100', toxicity: '50' });
    await waitForEvent(proxy, 'ready');
    const burst = await world.agent.send({
      op: 'burst',
      host: world.server,
      port: APP_PORT,
      path: '/slow/400',
      count,
      concurrency: 30,
    });
    const resets = burst.outcomes?.['reset'] ?? 0;
    expect((burst.outcomes?.['complete'] ?? 0) + resets).toBe(count);
    // Binomial(300, 0.5): sd 8.7; ±4.5 sd fails a correct proxy about once in 150,000 runs.
    expect(resets).toBeGreaterThanOrEqual(111);
    expect(resets).toBeLessThanOrEqual(189);
    expect(await stopped(proxy)).toMatchObject({
      connections: count,
      resets,
      passedThrough: count - resets,
    });
  }, 90_000);

  it('SIGKILL ends the fault at once and leaves no rule that changes traffic', async () => {
    const proxy = destroyProxy('destroy-kill', { 'reset-timeout-ms': '300' });
    await waitForEvent(proxy, 'ready');
    expectResetAfter(await request(world.server, '/slow/3000'), 300, latency);
    const open = request(world.server6, '/slow/1500');
    await new Promise((resolve) => setTimeout(resolve, 100));
    proxy.child.kill('SIGKILL');
    await exitOf(proxy, 10_000);
    // At once: the very first connections after the kill, and the one open across it.
    const [after4, after6, across] = await Promise.all([
      request(world.server, '/slow/1000'),
      request(world.server6, '/slow/1000'),
      open,
    ]);
    for (const result of [after4, after6, across]) expect(result.outcome).toBe('complete');
    expect(peerOf(after4)).toBe(world.client);
    // What is left is the keeper only: a rule without a target.
    for (const command of ['iptables-save', 'ip6tables-save'] as const) {
      const left = ourLines(await save(world.ns, command));
      expect(left).toHaveLength(1);
      expect(left[0]).toMatch(KEEPER);
      expect(left[0]).not.toMatch(/ -j /);
    }
    const cleanup = startCli(tracker, world.ns, ['cleanup', '--id', 'destroy-kill']);
    expect(await exitOf(cleanup)).toBe(0);
    expect(ourLines(await save(world.ns, 'iptables-save'))).toEqual([]);
    expect(ourLines(await save(world.ns, 'ip6tables-save'))).toEqual([]);
  }, 60_000);

  it('is not chosen by auto below 100 ms: at RESET_TIMEOUT=0 the relay resets before the app answers', async () => {
    const proxy = destroyProxy('destroy-auto-zero', { 'reset-timeout-ms': '0' });
    const ready = await waitForEvent(proxy, 'ready');
    expect(ready).toMatchObject({ mechanism: 'relay' });
    expect(ready['mechanismWhy']).toMatch(/RESET_TIMEOUT=0 is below 100 ms/);
    // A fast request is reset, not answered: the reset comes at accept.
    expect((await request(world.server, '/fast')).outcome).toBe('reset');
    expect(await stopped(proxy)).toMatchObject({ mechanism: 'relay', resets: 1 });
  }, 30_000);

  it('SIGKILL while bursts are being destroyed touches nothing outside its schedule', async () => {
    // Killed at several points of a burst (kills in flight, standby ss waiting for their
    // filters): an ss that read a partial filter must destroy nothing, so the idle
    // connection opened before the window survives, and nothing of ours keeps running.
    for (const [i, killAfterMs] of [20, 90, 250].entries()) {
      const name = `kill-burst-${i}`;
      const kept = await request(world.server, '/fast', { keep: name });
      const proxy = destroyProxy(`destroy-${name}`, {
        'reset-timeout-ms': '0',
        mechanism: 'destroy',
      });
      await waitForEvent(proxy, 'ready');
      const burst = world.agent.send({
        op: 'burst',
        host: world.server,
        port: APP_PORT,
        path: '/slow/600',
        count: 150,
        concurrency: 150,
      });
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      proxy.child.kill('SIGKILL');
      await exitOf(proxy, 10_000);
      const outcomes = (await burst).outcomes ?? {};
      expect(Object.keys(outcomes).filter((o) => o !== 'reset' && o !== 'complete')).toEqual([]);
      expect(await helpersIn(world.ns)).toEqual([]);
      const again = await request(world.server, '/slow/300', { reuse: name });
      expect(again).toMatchObject({ outcome: 'complete', localPort: kept.localPort });
      await world.agent.send({ op: 'close', name });
      expect((await request(world.server6, '/slow/300')).outcome).toBe('complete');
      expect(
        await exitOf(startCli(tracker, world.ns, ['cleanup', '--id', `destroy-${name}`])),
      ).toBe(0);
    }
  }, 90_000);
});

/** ss or conntrack processes still running in the namespace (they die with the proxy). */
async function helpersIn(namespace: string): Promise<string[]> {
  const names = async () => {
    const pids = (await mustRun('ip', ['netns', 'pids', namespace])).split('\n').filter(Boolean);
    const comms = pids.map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      } catch {
        return ''; // exited meanwhile
      }
    });
    return comms.filter((comm) => comm === 'ss' || comm === 'conntrack');
  };
  // PR_SET_PDEATHSIG is delivered as the proxy dies; give the kernel a moment to reap.
  for (let tries = 0; tries < 20; tries += 1) {
    const left = await names();
    if (left.length === 0) return left;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return names();
}

describe('the relay as the fallback', () => {
  const env = () => ({ ...process.env, PATH: withoutSs });

  it('is chosen, with the reason, when destroy is unavailable (no ss here)', async () => {
    const proxy = destroyProxy('destroy-fallback', { 'reset-timeout-ms': '500' }, env());
    const ready = await waitForEvent(proxy, 'ready');
    expect(ready).toMatchObject({ mechanism: 'relay' });
    expect(ready['mechanismWhy']).toMatch(
      /^destroy is not available here: ss \(iproute2\) not found on PATH/,
    );
    expect(proxy.stderr).not.toMatch(/stale/);
    const proxied = await request(world.server, '/fast');
    expect(peerOf(proxied)).toBe(world.server);
    expectResetAfter(await request(world.server, '/slow/5000'), 500, latency);
    expect(await stopped(proxy)).toMatchObject({ mechanism: 'relay', resets: 1 });
  }, 60_000);

  it('--mechanism destroy where it is unavailable is an error, and leaves nothing', async () => {
    const proxy = destroyProxy('destroy-forced', { mechanism: 'destroy' }, env());
    expect(await exitOf(proxy)).toBe(3);
    expect(proxy.stderr).toMatch(
      /--mechanism destroy: the destroy mechanism is not available here: ss \(iproute2\) not found/,
    );
    expect(proxy.events().filter((e) => e['event'] === 'ready')).toEqual([]);
    expect(ourLines(await save(world.ns, 'iptables-save'))).toEqual([]);
  }, 60_000);
});
