import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  startAwsEmulator,
  type AwsEmulator,
  type KnobSettings,
} from '../../../sandbox/emulator/index.js';
import { removeTask, startTask, waitFor } from '../../../sandbox/docker/index.js';
import { CliRun, newChaosUid, type RunResult } from './cli.js';
import { leftovers, sweep } from '../../../sandbox/world/leftovers.js';
import { Client } from '../../../sandbox/world/traffic.js';
import { fixtureOf, instanceOf, startWorld, urlOf, type Service, type World } from './world.js';

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

const tasks = () => [...world.web.tasks, ...world.other.tasks];

async function runWith(
  env: Record<string, string>,
  knobs: KnobSettings = {},
  extra: readonly Service[] = [],
): Promise<RunResult> {
  aws = await startAwsEmulator(fixtureOf(world, extra), knobs);
  clients = world.web.tasks.map((task) => new Client(urlOf(task)));
  const run = await CliRun.start(aws.endpoint, {
    CHAOS_UID: newChaosUid(),
    RESET_TIMEOUT: '0',
    TOTAL_CHAOS_DURATION: '6',
    ...env,
  });
  return run.finished();
}

describe('run end to end: AWS and hosts misbehaving', () => {
  it('30% of all AWS calls throttled: adaptive retries carry the run to a Pass', async () => {
    const result = await runWith({ SERVICE_NAME: 'web' }, { throttle: { rate: 0.3, seed: 4 } });
    expect(result.code).toBe(0);
    const throttled = aws!.requests
      .all()
      .filter((request) => request.errorCode === 'ThrottlingException');
    expect(throttled.length).toBeGreaterThan(0);
    for (const client of clients) expect(client.count('reset')).toBeGreaterThan(0);
    expect(await leftovers(world.hosts.instances, tasks())).toEqual([]);
    process.stderr.write(
      `throttled run: ${result.endedMs - result.startedMs} ms, ${aws!.requests.count()} requests, ${throttled.length} throttled\n`,
    );
  }, 240_000);

  it('one host failing its inject: the other is reverted, exit 3 names that host, step and reason', async () => {
    const [first, second] = world.web.tasks;
    const secondHost = instanceOf(world, second!);
    // A task ECS still reports RUNNING whose container is already gone on its host.
    const ghost = await startTask(secondHost, { networkMode: 'bridge', family: 'ghost' });
    await removeTask(secondHost, ghost);
    const result = await runWith({ TASK_REPLICA_ID: `${first!.taskId},${ghost.taskId}` }, {}, [
      { name: 'ghost', tasks: [ghost] },
    ]);
    expect(result.code).toBe(3);
    const error = result.lines.find(
      (line) => line.level === 'error' && line['code'] === 'CHAOS_INJECT_ERROR',
    );
    expect(error?.phase).toBe('inject');
    expect(error?.message).toContain(`${secondHost.instanceId}: step `);
    expect(error?.message).toContain(ghost.taskArn);
    expect(error?.message).not.toContain(`${first!.instanceId}: step`);
    const reverts = aws!.commands.all().filter((command) => command.comment.includes('revert'));
    expect(reverts.flatMap((command) => command.instanceIds).sort()).toEqual(
      [first!.instanceId, secondHost.instanceId].sort(),
    );
    expect(await leftovers(world.hosts.instances, tasks())).toEqual([]);
    const status = (result.result?.['status'] ?? {}) as Record<string, Record<string, unknown>>;
    expect(status['experimentStatus']).toMatchObject({ verdict: 'Error' });
  }, 180_000);

  it('a SendCommand whose answer is lost, and that command delivered after the revert: nothing left', async () => {
    const [first] = world.web.tasks;
    const result = await runWith(
      // Long enough for the retried inject to wait out the orphan's host lock.
      { SERVICE_NAME: 'web', TOTAL_CHAOS_DURATION: '10' },
      {
        loseResponse: [{ action: 'ssm:SendCommand', mode: 'reset', times: 1 }],
        // The first (orphaned) invocation on this host is delivered 24 s late: after the
        // revert, within SendCommand's 30 s delivery timeout.
        lateDelivery: [{ instanceId: first!.instanceId, delayMs: 24_000, times: 1 }],
      },
    );
    const injects = aws!.commands.all().filter((command) => command.comment.includes('inject'));
    expect(injects.length).toBe(2);
    const orphan = injects[0]!;
    expect(aws!.requests.of('ssm:SendCommand').some((request) => request.lost)).toBe(true);
    const settled = await aws!.commands.settled(orphan.commandId, 60_000);
    const late = settled.invocations.get(first!.instanceId)!;
    const revertAt = Math.min(
      ...aws!.commands
        .all()
        .filter((command) => command.comment.includes('revert'))
        .map((command) => command.requestedAt),
    );
    expect(late.startedAt ?? 0).toBeGreaterThan(revertAt);
    expect(late.stdout).toContain('tombstone');
    expect(result.code).toBe(0);
    await waitFor('the hosts to be clean', async () =>
      (await leftovers(world.hosts.instances, tasks())).length === 0 ? true : undefined,
    );
  }, 180_000);
});
