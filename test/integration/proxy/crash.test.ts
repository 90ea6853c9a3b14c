import { beforeAll, describe, expect, it } from '@jest/globals';
import { mustRunIn } from '../../support/netns.js';
import { type Tracked } from '../../../sandbox/world/processes.js';
import {
  APP_PORT,
  LatencyLog,
  expectResetAfter,
  expectTablesRestored,
  exitOf,
  ourLines,
  peerOf,
  proxyArgs,
  save,
  startCli,
  waitForEvent,
} from './harness.js';
import { useProxyWorld } from './world.js';

// Whatever dies, the fault ends at its deadline; leftovers are found and removed by tag.
const latency = new LatencyLog('crash');
const world = useProxyWorld({ pair: { tag: 'crash' }, latency });
const { tracker } = world;
let before: string;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function killedProxy(
  id: string,
  flags: Record<string, string>,
): Promise<Record<string, unknown>> {
  const proxy = startCli(tracker, world.ns, proxyArgs(id, { 'reset-timeout-ms': '500', ...flags }));
  const ready = await waitForEvent(proxy, 'ready');
  proxy.child.kill('SIGKILL');
  await exitOf(proxy, 10_000);
  return ready;
}

async function runCli(args: string[]): Promise<Tracked> {
  const cli = startCli(tracker, world.ns, args);
  await exitOf(cli, 30_000);
  return cli;
}

/** What the kernel's time match should end at: the last whole second before the deadline. */
function expectedDatestop(deadlineMs: number): string {
  return new Date((Math.floor(deadlineMs / 1000) - 1) * 1000).toISOString().slice(0, 19);
}

beforeAll(async () => {
  await mustRunIn(world.ns, 'iptables', [
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
  await mustRunIn(world.ns, 'iptables', [
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
  before = await save(world.ns);
}, 60_000);

describe('after SIGKILL of the proxy', () => {
  let shortDeadline = 0;

  it('a restart with the same id replaces the stale chain instead of duplicating it', async () => {
    await killedProxy('crash-1', { 'duration-s': '60' });
    expect(ourLines(await save(world.ns))).toHaveLength(4);
    const proxy = startCli(
      tracker,
      world.ns,
      proxyArgs('crash-1', { 'reset-timeout-ms': '500', 'duration-s': '4' }),
    );
    const ready = await waitForEvent(proxy, 'ready');
    shortDeadline = ready['deadline'] as number;
    const ours = ourLines(await save(world.ns));
    expect(ours).toHaveLength(4);
    expect(ours.filter((l) => l.startsWith('-A PREROUTING'))).toEqual([
      expect.stringContaining(`--datestop ${expectedDatestop(shortDeadline)} `),
    ]);
    expect(proxy.stderr).toMatch(/removed 4 stale rules\/chains/);
    const reset = await world.agent.send({
      op: 'request',
      host: world.server,
      port: APP_PORT,
      path: '/slow/5000',
    });
    expectResetAfter(reset, 500, latency);
    proxy.child.kill('SIGKILL');
    await exitOf(proxy, 10_000);
  }, 60_000);

  it('once the deadline passes, new connections succeed although the rules are still there', async () => {
    await sleep(Math.max(0, shortDeadline - Date.now()) + 200);
    expect(ourLines(await save(world.ns))).toHaveLength(4);
    const direct = await world.agent.send({
      op: 'request',
      host: world.server,
      port: APP_PORT,
      path: '/slow/1000',
    });
    expect(direct.outcome).toBe('complete');
    expect(peerOf(direct)).toBe(world.client);
  }, 30_000);

  it('cleanup --id removes exactly that id, says what it removed, and is idempotent', async () => {
    await killedProxy('crash-2', { 'duration-s': '60' });
    expect(ourLines(await save(world.ns))).toHaveLength(8);
    const first = await runCli(['cleanup', '--id', 'crash-1']);
    expect(first.child.exitCode).toBe(0);
    const removed = first.events().filter((e) => e['event'] === 'removed');
    expect(removed.map((e) => e['what']).sort()).toEqual(['chain', 'rule', 'rule', 'rule']);
    expect(first.events().at(-1)).toEqual({
      event: 'cleanup',
      id: 'crash-1',
      removed: 4,
      clean: true,
    });
    const left = ourLines(await save(world.ns));
    expect(left).toHaveLength(4);
    expect(left.join('\n')).not.toContain('crash-1');
    const second = await runCli(['cleanup', '--id', 'crash-1']);
    expect(second.child.exitCode).toBe(0);
    expect(second.events().at(-1)).toEqual({
      event: 'cleanup',
      id: 'crash-1',
      removed: 0,
      clean: true,
    });
  }, 60_000);

  it('a proxy started after its --until deadline only cleans up and exits 0', async () => {
    const late = await runCli(
      proxyArgs('crash-2', { 'duration-s': '', until: String(Date.now() - 1000) }),
    );
    expect(late.child.exitCode).toBe(0);
    expect(late.events()).toEqual([
      expect.objectContaining({
        event: 'stopped',
        reason: 'deadline-passed',
        removed: 4,
        clean: true,
        connections: 0,
      }),
    ]);
    expect(ourLines(await save(world.ns))).toEqual([]);
  }, 60_000);

  it('cleanup --all removes every id and leaves the other rules byte-for-byte', async () => {
    await killedProxy('crash-3', { 'duration-s': '60' });
    await killedProxy('crash-4', { 'duration-s': '60', 'proxy-port': '20001' });
    expect(ourLines(await save(world.ns))).toHaveLength(8);
    const all = await runCli(['cleanup', '--all']);
    expect(all.child.exitCode).toBe(0);
    expect(all.events().at(-1)).toEqual({ event: 'cleanup', all: true, removed: 8, clean: true });
    const after = await save(world.ns);
    expect(ourLines(after)).toEqual([]);
    expectTablesRestored(before, after);
  }, 60_000);
});
