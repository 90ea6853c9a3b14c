import { afterEach, describe, expect, it } from '@jest/globals';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { RelayTable, upstreamHost, type RelaySettings } from '../../../src/proxy/relay.js';

// The relay on real loopback sockets: an echo upstream, the relay's own listener, a client.
const servers: Server[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function echoPort(): Promise<number> {
  return listen(
    createServer((socket) =>
      socket.on('data', (chunk) => socket.write(chunk)).on('error', () => undefined),
    ),
  );
}

async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  servers.pop();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startRelay(
  settings: Partial<RelaySettings> & { targetPort: number },
): Promise<{ table: RelayTable; port: number }> {
  const table = new RelayTable({
    resetTimeoutMs: 0,
    toxicity: 100,
    interfaceName: 'lo',
    random: () => 0,
    now: () => 0,
    deadlineMs: Number.MAX_SAFE_INTEGER,
    ...settings,
  });
  const port = await listen(createServer({ allowHalfOpen: true }, table.accept));
  return { table, port };
}

type Ending = { how: 'reset' | 'end' | 'error'; afterMs: number; received: string };

/** Connects, sends `ping`, and reports how the connection ended (or 'open' after waitMs). */
function exchange(
  port: number,
  waitMs = 2000,
): Promise<Ending | { how: 'open'; received: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    sockets.push(socket);
    let received = '';
    let start = 0;
    const timer = setTimeout(() => {
      resolve({ how: 'open', received });
    }, waitMs);
    const done = (how: Ending['how']) => {
      clearTimeout(timer);
      resolve({ how, afterMs: performance.now() - start, received });
    };
    socket.on('connect', () => {
      start = performance.now();
      socket.write('ping');
    });
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      done(error.code === 'ECONNRESET' ? 'reset' : 'error');
    });
    socket.on('end', () => {
      done('end');
    });
  });
}

describe('relay', () => {
  it('resets exactly the connections the random source selects at the given toxicity', async () => {
    const draws = [0.1, 0.9, 0.49, 0.5];
    const { table, port } = await startRelay({
      targetPort: await echoPort(),
      toxicity: 50,
      random: () => draws.shift() ?? 0,
    });
    const endings = [];
    for (let i = 0; i < 4; i += 1) endings.push((await exchange(port, 200)).how);
    expect(endings).toEqual(['reset', 'open', 'reset', 'open']);
    expect(table.counters).toMatchObject({
      connections: 4,
      resets: 2,
      passedThrough: 2,
      upstreamErrors: 0,
    });
  });

  it('relays bytes both ways untouched, then resets RESET_TIMEOUT after accept', async () => {
    const { table, port } = await startRelay({ targetPort: await echoPort(), resetTimeoutMs: 150 });
    const ending = await exchange(port);
    expect(ending).toMatchObject({ how: 'reset', received: 'ping' });
    expect((ending as Ending).afterMs).toBeGreaterThanOrEqual(140);
    expect(table.snapshot()).toMatchObject({
      resets: 1,
      bytesFromClients: 4,
      bytesFromUpstream: 4,
    });
  });

  it('never resets at or after the deadline, even if a timer fires', async () => {
    const { table, port } = await startRelay({
      targetPort: await echoPort(),
      resetTimeoutMs: 50,
      now: () => 1000,
      deadlineMs: 1000,
    });
    expect(await exchange(port, 300)).toEqual({ how: 'open', received: 'ping' });
    expect(table.counters.resets).toBe(0);
  });

  it('with RESET_TIMEOUT 0, a connection accepted at the deadline is relayed, not reset', async () => {
    const { table, port } = await startRelay({
      targetPort: await echoPort(),
      resetTimeoutMs: 0,
      now: () => 1000,
      deadlineMs: 1000,
    });
    expect(await exchange(port, 300)).toEqual({ how: 'open', received: 'ping' });
    expect(table.counters.resets).toBe(0);
  });

  it('disarmed, it resets nothing and closes what remains with a FIN', async () => {
    const { table, port } = await startRelay({ targetPort: await echoPort(), resetTimeoutMs: 150 });
    const ending = exchange(port, 2000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    table.disarm();
    expect(await table.drain(250)).toBe(1);
    table.closeRemaining();
    expect(await ending).toMatchObject({ how: 'end', received: 'ping' });
    expect(await table.drain(1000)).toBe(0);
    expect(table.counters).toMatchObject({ resets: 0, active: 0 });
  });

  it('resets the client when the upstream refuses', async () => {
    const { table, port } = await startRelay({
      targetPort: await closedPort(),
      resetTimeoutMs: 5000,
    });
    expect(await exchange(port)).toMatchObject({ how: 'reset', received: '' });
    expect(table.counters).toMatchObject({ upstreamErrors: 1, resets: 0 });
  });

  it('tells of every client it reset (the conntrack sweep), and of nothing else', async () => {
    let told = 0;
    const onClientReset = () => {
      told += 1;
    };
    const draws = [0.1, 0.9];
    const atOnce = await startRelay({
      targetPort: await echoPort(),
      toxicity: 50,
      random: () => draws.shift() ?? 0,
      onClientReset,
    });
    expect((await exchange(atOnce.port, 200)).how).toBe('reset');
    expect((await exchange(atOnce.port, 200)).how).toBe('open');
    expect(told).toBe(1);
    const timed = await startRelay({
      targetPort: await echoPort(),
      resetTimeoutMs: 50,
      onClientReset,
    });
    expect((await exchange(timed.port)).how).toBe('reset');
    expect(told).toBe(2);
    const refused = await startRelay({
      targetPort: await closedPort(),
      resetTimeoutMs: 5000,
      onClientReset,
    });
    expect((await exchange(refused.port)).how).toBe('reset');
    expect(told).toBe(3);
  });
});

describe('upstream address', () => {
  it('dials the address the client was going to, unmapped, with a scope for link-local', () => {
    expect(upstreamHost('::ffff:10.0.0.2', 'eth0')).toBe('10.0.0.2');
    expect(upstreamHost('10.0.0.2', 'eth0')).toBe('10.0.0.2');
    expect(upstreamHost('fd00::2', 'eth0')).toBe('fd00::2');
    expect(upstreamHost('fe80::1', 'eth0')).toBe('fe80::1%eth0');
  });
});
