import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startAwsEmulator, type AwsEmulator } from '../../../sandbox/emulator/index.js';
import { waitFor } from '../../../sandbox/docker/index.js';
import { CliRun, newChaosUid, timeOf, type LogLine } from './cli.js';
import { leftovers, ourContainers, sweep } from '../../../sandbox/world/leftovers.js';
import { Client } from '../../../sandbox/world/traffic.js';
import { fixtureOf, startWorld, urlOf, type World } from './world.js';

let world: World;
let aws: AwsEmulator | undefined;
let clients: Client[] = [];

beforeAll(async () => {
  world = await startWorld();
}, 300_000);

afterEach(async () => {
  await Promise.all(clients.map((client) => client.stop()));
  clients = [];
  await aws?.stop();
  aws = undefined;
  await sweep(world.hosts.instances);
}, 120_000);

afterAll(async () => {
  await (world as World | undefined)?.hosts.stop();
}, 180_000);

const isReady = (line: LogLine): boolean =>
  line.phase === 'chaos' && line.message.includes('every proxy is ready');
const tasks = () => [...world.web.tasks, ...world.other.tasks];
const deadlineOf = (lines: readonly LogLine[]): number => {
  const line = lines.find((one) => one.phase === 'inject' && / until \d{4}-/.test(one.message));
  return Date.parse(/ until (\S+)$/.exec(line?.message ?? '')?.[1] ?? '');
};

async function started(env: Record<string, string>): Promise<{ run: CliRun; web: Client[] }> {
  aws = await startAwsEmulator(fixtureOf(world));
  const web = world.web.tasks.map((task) => new Client(urlOf(task)));
  clients = [...web, ...world.other.tasks.map((task) => new Client(urlOf(task)))];
  const run = await CliRun.start(aws.endpoint, {
    CHAOS_UID: newChaosUid(),
    SERVICE_NAME: 'web',
    RESET_TIMEOUT: '0',
    ...env,
  });
  await run.waitFor('every proxy is ready', isReady);
  return { run, web };
}

describe('run end to end: stopping the executor mid-window', () => {
  it('SIGTERM: every target reverted before it exits 143, and the verdict is Stopped', async () => {
    const { run, web } = await started({
      TOTAL_CHAOS_DURATION: '60',
      TERMINATION_GRACE_PERIOD_SECONDS: '30',
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const killedAt = Date.now();
    run.kill('SIGTERM');
    const result = await run.finished();
    expect(result.code).toBe(143);
    expect(result.endedMs - killedAt).toBeLessThan(30_000);
    expect(await leftovers(world.hosts.instances, tasks())).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const client of web) {
      expect(client.count('reset', killedAt - 1_000, killedAt)).toBeGreaterThan(0);
      expect(client.count('reset', result.endedMs)).toBe(0);
      expect(client.count('ok', result.endedMs)).toBeGreaterThan(3);
    }
    const abort = result.lines.filter((line) => line.phase === 'abort');
    expect(abort.length).toBeGreaterThan(0);
    const status = (result.result?.['status'] ?? {}) as Record<string, Record<string, unknown>>;
    expect(status['experimentStatus']).toMatchObject({ verdict: 'Stopped' });
  }, 180_000);

  it('SIGKILL: the fault still ends at its deadline, and the reaper removes everything', async () => {
    const { run, web } = await started({ TOTAL_CHAOS_DURATION: '8', REAPER_GRACE_SECONDS: '5' });
    const deadline = deadlineOf(run.lines);
    expect(Number.isFinite(deadline)).toBe(true);
    run.kill('SIGKILL');
    const result = await run.finished();
    expect(result.signal).toBe('SIGKILL');
    // Nobody sends a revert now; the proxies stop at --until, the kernel rule at its datestop.
    const drained = deadline + 3_000 - Date.now();
    expect(drained).toBeLessThan(30_000);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, drained)));
    const afterDeadline = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (const client of web) {
      expect(
        client.count('reset', timeOf(run.lines.find(isReady)!), deadline - 500),
      ).toBeGreaterThan(0);
      expect(client.count('reset', afterDeadline)).toBe(0);
      expect(client.count('ok', afterDeadline)).toBeGreaterThan(3);
    }
    // The reaper runs the revert at deadline + REAPER_GRACE_SECONDS: nothing of ours remains.
    await waitFor(
      'the reaper to leave both hosts clean',
      async () => {
        for (const instance of world.hosts.instances) {
          if ((await ourContainers(instance)).length > 0) return undefined;
        }
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    );
    expect(await leftovers(world.hosts.instances, tasks())).toEqual([]);
  }, 180_000);
});
