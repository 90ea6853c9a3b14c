// SSM kills a command's whole process group with SIGKILL (no trap runs). Killed at each
// point of an inject — before the proxy starts, after it starts but before it is ready,
// after ready — the fault never outlives its deadline, and with no further command the
// reaper leaves the host clean at deadline + grace. Two injects of one chaos id at once
// duplicate nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ScriptRun } from '../../../sandbox/emulator/ssm/script-runner.js';
import { isAlive } from '../../../sandbox/world/processes.js';
import {
  startTask,
  TestHosts,
  waitFor,
  type ContainerInstance,
  type EcsTask,
} from '../../../sandbox/docker/index.js';
import {
  DockerShim,
  HOST_IMAGES,
  Scratch,
  assertImageCarriesScript,
  chaosId,
  deadlineIn,
  encode,
  expectDirect,
  finishedRun,
  header,
  namespaceRules,
  oursOn,
  probe,
  runHost,
  startHost,
  targetOf,
  type HoldPoint,
} from './harness.js';

const WINDOW_S = 12;
const GRACE_S = 3;

let hosts: TestHosts | undefined;
let scratch: Scratch;
let host: ContainerInstance;
let task: EcsTask;
const running: ScriptRun[] = [];

function stateDir(): string {
  return host.hostEnv()['ECS_HTTP_CHAOS_STATE_DIR']!;
}

async function proxyIsReady(proxy: string): Promise<boolean> {
  const logs = await host.docker(['logs', proxy], { allowFailure: true });
  return logs.stdout.includes('{"event":"ready"');
}

/** The group is gone: the shell, the shim, every docker client it had started. */
async function killGroup(handle: ScriptRun): Promise<void> {
  await handle.killGroup();
  const exit = await handle.finished;
  expect(exit.signal).toBe('SIGKILL');
  expect(isAlive(handle.pid ?? -1)).toBe(false);
}

/** What `status` says about the target (the proxy exits by itself at the deadline). */
async function statusOf(id: string, deadline: number): Promise<string | undefined> {
  const payload = encode(header('status', id), [targetOf(task, 'app', deadline)]);
  return (await runHost(scratch, host, payload)).report.targets.get(task.taskArn)?.state;
}

/** After the deadline the service answers directly; at deadline + grace nothing is left. */
async function expectDeadManSwitches(id: string, deadline: number): Promise<void> {
  await sleep(Math.max(0, deadline + 1000 - Date.now()));
  await expectDirect(host, task.ip, 8080);
  const state = await waitFor('status to show no running proxy', async () => {
    const now = await statusOf(id, deadline);
    return now === 'running' ? undefined : now;
  });
  expect(['exited', 'absent']).toContain(state);
  const ready = await waitFor(
    `the reaper of ${id} to leave the host clean`,
    async () => ((await oursOn(host)).length === 0 ? true : undefined),
    { timeoutMs: GRACE_S * 1000 + 30_000, intervalMs: 500 },
  );
  expect(ready).toBe(true);
  expect(Date.now()).toBeGreaterThanOrEqual(deadline + GRACE_S * 1000);
  expect(await namespaceRules(host, task.containers[0]!.runtimeId)).toEqual([]);
  await expect(access(join(stateDir(), `lock-${id}`))).rejects.toThrow();
  expect(await readFile(join(stateDir(), `tombstone-${id}`), 'utf8')).toContain('by reaper');
  const reaped = await readFile(join(stateDir(), `reaped-${id}.log`), 'utf8');
  expect(reaped).toContain(`"task":"${task.taskArn}"`);
  expect(reaped.trim().split('\n').at(-1)).toBe(
    `{"event":"summary","instance":"${host.instanceId}","mode":"revert","ok":true}`,
  );
  await expectDirect(host, task.ip, 8080);
}

async function startKillable(id: string, deadline: number, hold: HoldPoint | 'none') {
  const shim = await DockerShim.create(scratch);
  const payload = encode(header('inject', id, { graceSeconds: GRACE_S }), [
    targetOf(task, 'app', deadline),
  ]);
  const handle = await startHost(scratch, host, payload, shim.options(host, hold));
  running.push(handle);
  return { shim, handle, payload };
}

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('these tests need root (they start dockerd)');
  await assertImageCarriesScript();
  scratch = await Scratch.create();
  hosts = await TestHosts.start({ count: 1, images: HOST_IMAGES });
  host = hosts.instance(0);
  task = await startTask(host, {
    networkMode: 'bridge',
    family: 'ehc-deadman',
    containers: [{ name: 'app', ports: [8080] }],
  });
}, 600_000);

afterAll(async () => {
  for (const handle of running) await handle.killGroup().catch(() => undefined);
  await hosts?.stop();
  await scratch.done();
}, 180_000);

describe('SIGKILL of the whole process group', () => {
  it('before the proxy starts: the armed reaper still cleans up at deadline + grace', async () => {
    const id = chaosId('kill-before');
    const deadline = deadlineIn(WINDOW_S);
    const { shim, handle } = await startKillable(id, deadline, 'before');
    await shim.waitHeld('before');
    await killGroup(handle);
    expect(await oursOn(host)).toEqual([`ehc-reaper-${id} running reaper`]);
    await expectDirect(host, task.ip, 8080);
    await expectDeadManSwitches(id, deadline);
  }, 90_000);

  it('after the proxy starts, before it is ready: the fault comes up, ends at the deadline, the reaper cleans', async () => {
    const id = chaosId('kill-starting');
    const deadline = deadlineIn(WINDOW_S);
    const { shim, handle } = await startKillable(id, deadline, 'after');
    await shim.waitHeld('after');
    const proxy = await shim.heldProxyId();
    expect(await proxyIsReady(proxy)).toBe(false);
    await killGroup(handle);
    await host.docker(['unpause', proxy]);
    await waitFor('the orphaned proxy to become ready', async () =>
      (await proxyIsReady(proxy)) ? true : undefined,
    );
    const during = await probe(task.ip, 8080, 4000);
    expect(during.outcome).toBe('reset');
    await expectDeadManSwitches(id, deadline);
  }, 90_000);

  it('after ready: the proxy ends itself at the deadline, the reaper removes the rest', async () => {
    const id = chaosId('kill-ready');
    const deadline = deadlineIn(WINDOW_S);
    const { shim, handle } = await startKillable(id, deadline, 'ready');
    await shim.waitHeld('ready');
    await killGroup(handle);
    expect(await readFile(handle.stdoutPath, 'utf8')).toBe('');
    expect((await probe(task.ip, 8080, 4000)).outcome).toBe('reset');
    expect(await statusOf(id, deadline)).toBe('running');
    await expectDeadManSwitches(id, deadline);
  }, 90_000);
});

describe('two injects of one chaos id at the same time', () => {
  it('the second waits for the first, then reuses its proxy and reaper', async () => {
    const id = chaosId('twice');
    const deadline = deadlineIn(WINDOW_S);
    const first = await startKillable(id, deadline, 'before');
    await first.shim.waitHeld('before');
    const second = await startHost(scratch, host, first.payload, first.shim.options(host, 'none'));
    running.push(second);
    await sleep(1500);
    expect(await oursOn(host)).toEqual([`ehc-reaper-${id} running reaper`]);
    await first.shim.release();
    const [one, two] = await Promise.all([
      finishedRun(first.handle, host),
      finishedRun(second, host),
    ]);
    expect([one.exit.exitCode, two.exit.exitCode]).toEqual([0, 0]);
    expect(two.stderr).toContain('reusing');
    expect(two.report.targets.get(task.taskArn)!.ready).toEqual(
      one.report.targets.get(task.taskArn)!.ready,
    );
    expect(await oursOn(host)).toEqual([
      `ehc-proxy-${id}-${task.containers[0]!.runtimeId.slice(0, 12)} running proxy`,
      `ehc-reaper-${id} running reaper`,
    ]);
    // One keeper whichever mechanism runs (destroy installs nothing else, ADR 0131).
    const keepers = (await namespaceRules(host, task.containers[0]!.runtimeId)).filter((line) =>
      line.includes('ecs-http-chaos-keeper/'),
    );
    expect(keepers).toHaveLength(1);
    await expectDeadManSwitches(id, deadline);
  }, 90_000);
});

describe('a proxy killed hard (no chance to remove its rules)', () => {
  it('revert finds the rules in the namespace and removes them with cleanup --id', async () => {
    const id = chaosId('hard');
    const deadline = deadlineIn(60);
    const targets = [targetOf(task, 'app', deadline)];
    const injected = await runHost(scratch, host, encode(header('inject', id), targets));
    const proxy = injected.report.targets.get(task.taskArn)!.ready[0]!.proxy;
    await host.docker(['update', '--restart', 'no', proxy]);
    await host.docker(['kill', '--signal', 'KILL', proxy]);
    const leftBehind = await namespaceRules(host, task.containers[0]!.runtimeId);
    expect(leftBehind.filter((line) => line.includes('ecs-http-chaos-keeper/'))).toHaveLength(1);
    const reverted = await runHost(scratch, host, encode(header('revert', id), targets));
    expect(reverted.exit.exitCode).toBe(0);
    expect(reverted.report.targets.get(task.taskArn)!.reverted).toEqual([
      { clean: true, counters: null },
    ]);
    expect(await namespaceRules(host, task.containers[0]!.runtimeId)).toEqual([]);
    expect(await oursOn(host)).toEqual([]);
    await expectDirect(host, task.ip, 8080);
  }, 60_000);
});
