// A proxy that dies mid-window, as an operator or a crash would do it, on real dockerd hosts
// through the AWS emulator (ADR 0140): `docker kill` of one proxy container, and four
// crashes in a row of one proxy (its init killed with SIGKILL from the host, as the OOM
// killer or a crash would end it, so docker's `--restart on-failure:3` restarts it three
// times and leaves the fourth crash dead). Each ends with the port serving, the ChaosResult
// naming the target whose fault stopped early, a verdict that is not Pass, the other target
// reverted after a full window, and nothing left on the hosts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventObject } from '../../../src/result/types.js';
import { startAwsEmulator, type AwsEmulator } from '../../../sandbox/emulator/index.js';
import { waitFor, type ContainerInstance, type EcsTask } from '../../../sandbox/docker/index.js';
import { leftovers, sweep } from '../../../sandbox/world/leftovers.js';
import { Client } from '../../../sandbox/world/traffic.js';
import { CliRun, newChaosUid, timeOf, type LogLine, type RunResult } from './cli.js';
import { fixtureOf, instanceOf, startWorld, urlOf, type World } from './world.js';

/**
 * A dead proxy's redirect expires within this (the relay's lease, docs/decisions/0130): until then new
 * connections to the port are refused. MARGIN covers the client's own pace and a loaded box.
 */
const LEASE_MS = 2_000;
const MARGIN_MS = 2_000;

let world: World;
/**
 * Every client dials from ports of its own, never twice: a client reusing the 4-tuple of a
 * connection the relay reset in its last 250 ms before it died is refused until that
 * conntrack entry runs out (10 s; docs/decisions/0130, measured in
 * test/integration/proxy/lease.test.ts). This suite checks the lease itself.
 */
let nextPorts = 21_000;
const ownPorts = (): [number, number] => {
  nextPorts += 1_000;
  return [nextPorts - 1_000, nextPorts - 1];
};

beforeAll(async () => {
  world = await startWorld();
}, 300_000);

afterAll(async () => {
  await (world as World | undefined)?.hosts.stop();
}, 180_000);

const tasks = () => [...world.web.tasks, ...world.other.tasks];
const isReady = (line: LogLine): boolean =>
  line.phase === 'chaos' && line.message.includes('every proxy is ready');
const deadlineOf = (lines: readonly LogLine[]): number => {
  const line = lines.find((one) => one.phase === 'inject' && / until \d{4}-/.test(one.message));
  return Date.parse(/ until (\S+)$/.exec(line?.message ?? '')?.[1] ?? '');
};

/** The proxy container of one task on its host: its full id. */
async function proxyOf(instance: ContainerInstance, task: EcsTask): Promise<string> {
  const listed = await instance.docker([
    'ps',
    '-q',
    '--no-trunc',
    '--filter',
    'label=io.ecs-http-chaos.role=proxy',
    '--filter',
    `label=io.ecs-http-chaos.task-arn=${task.taskArn}`,
  ]);
  const id = listed.stdout.trim();
  if (!/^[0-9a-f]{64}$/.test(id)) throw new Error(`no single proxy for ${task.taskArn}: ${id}`);
  return id;
}

const inspect = async (instance: ContainerInstance, id: string, format: string) =>
  (await instance.docker(['inspect', '--format', format, id])).stdout.trim();

/** What one scenario leaves for its assertions. */
interface Scenario {
  readonly result: RunResult & { readonly events: readonly EventObject[] };
  readonly victim: EcsTask;
  readonly survivor: EcsTask;
  readonly clients: Map<EcsTask, Client>;
  /** When the proxy was ended for good. */
  readonly lastKillMs: number;
  readonly firstKillMs: number;
  readonly deadlineMs: number;
  readonly leftovers: readonly string[];
}

/**
 * A run over both `web` tasks with a client on each; `breakProxy` ends the proxy of the
 * first task once every proxy is ready and returns when it first and last killed it.
 */
async function scenario(
  windowSeconds: number,
  breakProxy: (instance: ContainerInstance, proxy: string) => Promise<[number, number]>,
): Promise<Scenario> {
  const [victim, survivor] = world.web.tasks as [EcsTask, EcsTask];
  const aws: AwsEmulator = await startAwsEmulator(fixtureOf(world));
  const clients = new Map(
    world.web.tasks.map((task) => [task, new Client(urlOf(task), { sourcePorts: ownPorts() })]),
  );
  try {
    const run = await CliRun.start(aws.endpoint, {
      CHAOS_UID: newChaosUid('watch'),
      SERVICE_NAME: 'web',
      RESET_TIMEOUT: '0',
      TOTAL_CHAOS_DURATION: String(windowSeconds),
      WATCH_INTERVAL_SECONDS: '2',
    });
    await run.waitFor('every proxy is ready', isReady);
    await sleep(1_000);
    const host = instanceOf(world, victim);
    const [firstKillMs, lastKillMs] = await breakProxy(host, await proxyOf(host, victim)).catch(
      async (error: unknown) => {
        run.kill('SIGTERM');
        await run.finished();
        throw error;
      },
    );
    const result = await run.finished();
    // Traffic after the run: both targets are served directly again.
    await sleep(2_000);
    await Promise.all([...clients.values()].map((client) => client.stop()));
    const left = await leftovers(world.hosts.instances, tasks());
    const deadlineMs = deadlineOf(result.lines);
    const seen = result.lines.find((one) => one.message.startsWith('the fault stopped early'));
    const victimClient = clients.get(victim)!;
    process.stderr.write(
      `watch e2e (window ${windowSeconds} s): stop seen ${seen === undefined ? 'never' : `${timeOf(seen) - firstKillMs} ms`} after the first kill; ` +
        `victim between the last kill and the deadline: ${victimClient.count('ok', lastKillMs, deadlineMs)} ok, ` +
        `${victimClient.count('error', lastKillMs, deadlineMs)} refused or failed; exit ${String(result.code)}\n`,
    );
    return {
      result,
      victim,
      survivor,
      clients,
      firstKillMs,
      lastKillMs,
      deadlineMs,
      leftovers: left,
    };
  } finally {
    await Promise.all([...clients.values()].map((client) => client.stop({ abandon: true })));
    await aws.stop();
    await sweep(world.hosts.instances);
  }
}

const statusOf = (s: Scenario) =>
  (s.result.result?.['status'] ?? {}) as {
    experimentStatus?: { verdict?: string; errorOutput?: { errorCode?: string; reason?: string } };
    faultEvidence?: {
      targets?: { name: string; faultHeld?: string; stoppedAt?: string; holdReason?: string }[];
    };
    history?: { targets?: { name: string; chaosStatus: string }[] };
  };
const evidenceOf = (s: Scenario, task: EcsTask) =>
  statusOf(s).faultEvidence?.targets?.find((target) => target.name === task.taskArn);

/** The assertions both scenarios share, one `it` each so one failure does not hide the rest. */
function expectStoppedEarly(get: () => Scenario, holdReason: RegExp): void {
  it('names the target whose fault stopped early in the ChaosResult, and the verdict is not Pass', () => {
    const s = get();
    expect(s.result.code).toBe(3);
    expect(statusOf(s).experimentStatus).toMatchObject({
      verdict: 'Error',
      errorOutput: { errorCode: 'FAULT_STOPPED_EARLY' },
    });
    const reason = statusOf(s).experimentStatus?.errorOutput?.reason ?? '';
    expect(reason).toContain(s.victim.taskArn);
    expect(reason).not.toContain(s.survivor.taskArn);
    const victim = evidenceOf(s, s.victim);
    expect(victim).toMatchObject({
      faultHeld: 'stopped-early',
      holdReason: expect.stringMatching(holdReason) as unknown,
    });
    const stoppedAt = Date.parse(victim?.stoppedAt ?? '');
    expect(stoppedAt).toBeGreaterThanOrEqual(s.firstKillMs - 1_000);
    expect(stoppedAt).toBeLessThanOrEqual(s.lastKillMs + 1_000);
    expect(evidenceOf(s, s.survivor)).toMatchObject({ faultHeld: 'yes' });
  });

  it('reports it while the window still runs: a warning line with its phase, and a Warning event', () => {
    const s = get();
    const line = s.result.lines.find((one) => one.message.startsWith('the fault stopped early'));
    expect(line).toMatchObject({ level: 'warn', phase: 'chaos', task: s.victim.taskArn });
    expect(timeOf(line!)).toBeLessThan(s.deadlineMs);
    const events = s.result.events.filter((event) => event.reason === 'FaultStoppedEarly');
    expect(events.map((event) => event.type)).toEqual(['Warning']);
    expect(events[0]?.message).toContain(s.victim.taskArn);
  });

  it('the other target held its whole window and was reverted; nothing is left on the hosts', () => {
    const s = get();
    const survivor = s.clients.get(s.survivor)!;
    expect(survivor.count('reset', s.lastKillMs, s.deadlineMs - 500)).toBeGreaterThan(0);
    expect(survivor.count('reset', s.result.endedMs)).toBe(0);
    expect(survivor.count('ok', s.result.endedMs)).toBeGreaterThan(3);
    expect(statusOf(s).history?.targets?.map((target) => target.chaosStatus)).toEqual([
      'reverted',
      'reverted',
    ]);
    expect(s.leftovers).toEqual([]);
    expect(s.clients.get(s.victim)!.count('ok', s.result.endedMs)).toBeGreaterThan(3);
  });

  it('the port of the dead proxy serves again within the lease and a margin', () => {
    const s = get();
    const victim = s.clients.get(s.victim)!;
    const from = s.lastKillMs + LEASE_MS + MARGIN_MS;
    expect(from).toBeLessThan(s.deadlineMs - 1_000);
    const attempts = victim.between(from, s.deadlineMs);
    expect(attempts.length).toBeGreaterThan(3);
    const failed = attempts.filter((attempt) => attempt.outcome !== 'ok');
    const after = (attempt: (typeof attempts)[number]) => attempt.atMs - s.lastKillMs;
    const named = (attempt: (typeof attempts)[number]) =>
      `${attempt.outcome} ${after(attempt)} ms after the last kill, from port ${String(attempt.localPort)}: ${attempt.detail}`;
    expect(failed.map(named)).toEqual([]);
  });
}

describe('run end to end: docker kill of one proxy mid-window', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario(12, async (host, proxy) => {
      const at = Date.now();
      await host.docker(['kill', proxy]);
      return [at, at];
    });
  }, 240_000);
  expectStoppedEarly(() => s, /killed with SIGKILL/);
});

describe('run end to end: four crashes in a row of one proxy', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario(16, async (host, proxy) => {
      const kills: number[] = [];
      for (let crash = 1; crash <= 4; crash += 1) {
        // The container's init (tini), from the host: an outside SIGKILL, as the OOM
        // killer's, is a failure to docker, so on-failure:3 restarts it (docker kill is not).
        const pid = Number(await inspect(host, proxy, '{{.State.Pid}}'));
        if (!(pid > 1)) {
          const state = await inspect(host, proxy, '{{json .State}} {{.RestartCount}}');
          const logs = await host.docker(['logs', '--tail', '20', proxy]);
          throw new Error(
            `crash ${crash}: no running proxy: ${state}\n${logs.stdout}${logs.stderr}`,
          );
        }
        kills.push(Date.now());
        process.kill(pid, 'SIGKILL');
        // Docker says Running while it waits to restart: Status tells them apart.
        const wanted = crash < 4 ? `running ${crash}` : 'exited 3';
        await waitFor(`the proxy after crash ${crash}: running restarts ${wanted}`, async () =>
          (await inspect(host, proxy, '{{.State.Status}} {{.RestartCount}}')) === wanted
            ? true
            : undefined,
        );
      }
      return [kills[0]!, kills[3]!];
    });
  }, 240_000);
  expectStoppedEarly(() => s, /restart/);
});
