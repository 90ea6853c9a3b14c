import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { type Tracked } from '../../../sandbox/world/processes.js';
import {
  APP_PORT,
  ROOT,
  exitOf,
  ourLines,
  peerOf,
  proxyArgs,
  save,
  startCli,
  waitForEvent,
} from './harness.js';
import { useProxyWorld } from './world.js';
import { mustRunIn } from '../../support/netns.js';

// The relay's redirect lives on a lease (ADR 0130): a proxy killed with SIGKILL leaves
// rules behind, but the kernel stops redirecting to its dead port within two seconds.
const world = useProxyWorld({ pair: { tag: 'lease', ipv6: true } });
const { tracker } = world;
/** The lease runs at most 2 s past the last renewal; 1.5 s margin for a loaded machine. */
const SERVED_WITHIN_MS = 3500;
const blackHoles: Record<string, number[]> = { ipv4: [], ipv6: [] };

afterAll(() => {
  const dir = join(ROOT, '.tmp', 'reset-latency');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'lease-black-hole.json'), JSON.stringify(blackHoles));
});

function relay(id: string, overrides: Record<string, string> = {}): Tracked {
  const flags = { 'reset-timeout-ms': '10000', 'duration-s': '60', ...overrides };
  return startCli(tracker, world.ns, proxyArgs(id, flags));
}

/** One request from a fixed client port: the same 4-tuple as an earlier connection. */
const fromPort = (localPort: number) =>
  world.agent.send({ op: 'request', host: world.server, port: APP_PORT, path: '/fast', localPort });

/**
 * Milliseconds from `since` until a new connection to `host` is served by the app itself
 * (its peer is the client's own address): one attempt every 100 ms, at most 60.
 */
async function servedAfter(host: string, client: string, since: number): Promise<number> {
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const result = await world.agent.send({
      op: 'request',
      host,
      port: APP_PORT,
      path: '/fast',
      timeoutMs: 2000,
    });
    if (result.outcome === 'complete' && peerOf(result) === client) return Date.now() - since;
    expect(['refused', 'reset']).toContain(result.outcome);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${host}:${APP_PORT} still not served ${Date.now() - since} ms after the kill`);
}

/** SIGKILL, then both families must be served again within the lease. */
async function killAndProbe(proxy: Tracked): Promise<void> {
  const killedAt = Date.now();
  proxy.child.kill('SIGKILL');
  const [v4, v6] = await Promise.all([
    servedAfter(world.server, world.client, killedAt),
    servedAfter(world.server6, world.pair.client.ipv6!, killedAt),
  ]);
  await exitOf(proxy, 10_000);
  blackHoles['ipv4']?.push(v4);
  blackHoles['ipv6']?.push(v6);
  expect(v4).toBeLessThan(SERVED_WITHIN_MS);
  expect(v6).toBeLessThan(SERVED_WITHIN_MS);
}

async function cleanup(id: string): Promise<void> {
  const cli = startCli(tracker, world.ns, ['cleanup', '--id', id]);
  expect(await exitOf(cli)).toBe(0);
  expect(ourLines(await save(world.ns, 'iptables-save'))).toEqual([]);
  expect(ourLines(await save(world.ns, 'ip6tables-save'))).toEqual([]);
}

describe('after SIGKILL of the relay, the port serves again within the lease', () => {
  it('killed right after ready: IPv4 and IPv6 served within the lease, rules left inert', async () => {
    const proxy = relay('lease-1');
    const ready = await waitForEvent(proxy, 'ready');
    expect(ready).toMatchObject({ mechanism: 'relay', families: ['ipv4', 'ipv6'] });
    // While it lives, new connections are proxied (the app sees its own address).
    const proxied = await world.agent.send({
      op: 'request',
      host: world.server,
      port: APP_PORT,
      path: '/fast',
    });
    expect(peerOf(proxied)).toBe(world.server);
    await killAndProbe(proxy);
    // Still tagged, but inert: a slow request goes to the app directly and completes.
    expect(ourLines(await save(world.ns, 'iptables-save'))).toHaveLength(4);
    expect(ourLines(await save(world.ns, 'ip6tables-save'))).toHaveLength(4);
    const slow = await world.agent.send({
      op: 'request',
      host: world.pair.server.ipv6,
      port: APP_PORT,
      path: '/slow/1500',
    });
    expect(slow.outcome).toBe('complete');
    expect(peerOf(slow)).toBe(world.pair.client.ipv6);
    await cleanup('lease-1');
  }, 60_000);

  it('killed mid-window with proxied connections open, several times in a row', async () => {
    for (const [index, offsetMs] of [0, 333, 666].entries()) {
      const proxy = relay(`lease-mid-${index}`);
      await waitForEvent(proxy, 'ready');
      const open = [0, 1, 2].map(() =>
        world.agent.send({ op: 'request', host: world.server, port: APP_PORT, path: '/slow/8000' }),
      );
      // Kill at a different point of the renewal second each time.
      await new Promise((resolve) => setTimeout(resolve, 1500 + offsetMs));
      await killAndProbe(proxy);
      // The proxied connections died with the proxy (its sockets are gone).
      for (const result of await Promise.all(open)) expect(result.outcome).not.toBe('complete');
      await cleanup(`lease-mid-${index}`);
    }
  }, 120_000);

  it('renews the lease while alive and says so when it stops', async () => {
    const proxy = relay('lease-live');
    await waitForEvent(proxy, 'ready');
    await new Promise((resolve) => setTimeout(resolve, 3500));
    // Alive past several lease lengths: still proxied.
    const proxied = await world.agent.send({
      op: 'request',
      host: world.pair.server.ipv6,
      port: APP_PORT,
      path: '/fast',
    });
    expect(peerOf(proxied)).toBe(world.pair.server.ipv6);
    proxy.child.kill('SIGTERM');
    expect(await exitOf(proxy)).toBe(0);
    const stopped = await waitForEvent(proxy, 'stopped');
    expect(stopped).toMatchObject({ clean: true, mechanism: 'relay', lease: { failures: 0 } });
    expect((stopped['lease'] as { renewals: number }).renewals).toBeGreaterThanOrEqual(2);
  }, 60_000);
});

// A connection the relay resets leaves a conntrack entry in CLOSE for 10 s that still
// carries the REDIRECT to the proxy port; a client that reuses its 4-tuple within those
// 10 s reopens it (measured). Once the proxy is gone that client would be refused, so the
// relay deletes those entries after its resets and at its end (ADR 0130).
describe('a client that reuses the 4-tuple of a connection the relay reset', () => {
  it('is served after SIGKILL once the lease ran out, not refused by the entry', async () => {
    const proxy = relay('lease-reuse-kill', { 'reset-timeout-ms': '0' });
    await waitForEvent(proxy, 'ready');
    expect((await fromPort(47101)).outcome).toBe('reset');
    // The sweep runs at most 250 ms after a reset.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await killAndProbe(proxy);
    const again = await fromPort(47101);
    expect([again.outcome, again.error, peerOf(again)]).toEqual([
      'complete',
      undefined,
      world.client,
    ]);
    await cleanup('lease-reuse-kill');
  }, 60_000);

  it('is served right after the window where another nat rule keeps conntrack on', async () => {
    // As Docker's embedded DNS puts in the namespace of a container on a user network.
    const dns = ['-d', '127.0.0.11/32', '-p', 'udp', '--dport', '53', '-j', 'DNAT'];
    const other = [...dns, '--to-destination', '127.0.0.11:5353'];
    await mustRunIn(world.ns, 'iptables', ['-t', 'nat', '-A', 'OUTPUT', ...other]);
    try {
      const proxy = relay('lease-reuse-end', { 'reset-timeout-ms': '0', 'duration-s': '4' });
      await waitForEvent(proxy, 'ready');
      expect((await fromPort(47102)).outcome).toBe('reset');
      const stopped = await waitForEvent(proxy, 'stopped', 20_000);
      expect(await exitOf(proxy)).toBe(0);
      expect(stopped).toMatchObject({ clean: true, sweeps: { failures: 0, forgotAtEnd: true } });
      const again = await fromPort(47102);
      expect([again.outcome, again.error, peerOf(again)]).toEqual([
        'complete',
        undefined,
        world.client,
      ]);
    } finally {
      await mustRunIn(world.ns, 'iptables', ['-t', 'nat', '-D', 'OUTPUT', ...other]);
    }
  }, 60_000);
});
