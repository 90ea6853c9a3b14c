// The host script on two real dockerd "container instances": inject faults exactly the
// targets of this host (bridge via its metadata file, awsvpc via labels, one proxy per
// namespace), status sees them, revert leaves every namespace clean and traffic direct,
// a second revert is a no-op, a late inject refuses, and IMDSv2 stands in for the agent.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { readdir } from 'node:fs/promises';
import {
  startTask,
  TestHosts,
  type ContainerInstance,
  type EcsTask,
} from '../../../sandbox/docker/index.js';
import {
  HOST_IMAGES,
  Scratch,
  assertImageCarriesScript,
  chaosId,
  deadlineIn,
  encode,
  envWithoutInstanceId,
  expectDirect,
  header,
  namespaceRules,
  oursOn,
  probe,
  runHost,
  targetOf,
} from './harness.js';
import { stage } from '../../support/stage.js';

let hosts: TestHosts | undefined;
let scratch: Scratch;
let a: ContainerInstance;
let b: ContainerInstance;
let shop: EcsTask; // bridge, metadata file, on a
let cart: EcsTask; // awsvpc, labels only, api + sidecar share the pause namespace, on a
let other: EcsTask; // bridge, never targeted, on a
let remote: EcsTask; // bridge on b
const id = chaosId('flow');
const deadline = deadlineIn(120);

function commandFor(mode: 'inject' | 'revert' | 'status') {
  return encode(header(mode, id), [
    targetOf(shop, 'web', deadline),
    targetOf(cart, 'api', deadline, { networkMode: 'awsvpc' }),
    targetOf(cart, 'sidecar', deadline, { networkMode: 'awsvpc' }),
    targetOf(remote, 'app', deadline, { runtimeId: remote.containers[0]!.runtimeId }),
  ]);
}

type Answer = Awaited<ReturnType<typeof probe>>;

function expectResetAfterTimeout(answer: Answer): void {
  expect(answer.outcome).toBe('reset');
  expect(answer.elapsedMs).toBeGreaterThanOrEqual(990);
  expect(answer.elapsedMs).toBeLessThan(2500);
}

// The scenario's steps run once, on first use (test/support/stage.ts): each test awaits
// the steps it needs, so any one runs alone with -t, and in file order they run as listed.
const injectedA = stage(() => runHost(scratch, a, commandFor('inject')));
/** Clients of both targets on a, reset by the injected proxies. */
const trafficA = stage(async () => {
  await injectedA();
  return { shop: await probe(shop.ip, 8080, 4000), cart: await probe(cart.ip, 8080, 4000) };
});
const injectedB = stage(async () => {
  await injectedA();
  return runHost(scratch, b, commandFor('inject'));
});
const trafficB = stage(async () => {
  await injectedB();
  return probe(remote.ip, 8080, 4000);
});
const revertedA = stage(async () => {
  await trafficA();
  return runHost(scratch, a, commandFor('revert'));
});
const revertedB = stage(async () => {
  await trafficB();
  return runHost(scratch, b, commandFor('revert'));
});

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('these tests need root (they start dockerd)');
  await assertImageCarriesScript();
  scratch = await Scratch.create();
  hosts = await TestHosts.start({ count: 2, images: HOST_IMAGES });
  [a, b] = [hosts.instance(0), hosts.instance(1)];
  shop = await startTask(a, {
    networkMode: 'bridge',
    family: 'ehc-shop',
    containers: [{ name: 'web', ports: [8080, 9090] }],
  });
  cart = await startTask(a, {
    networkMode: 'awsvpc',
    family: 'ehc-cart',
    metadata: 'none',
    containers: [
      { name: 'api', ports: [8080] },
      { name: 'sidecar', ports: [9901] },
    ],
  });
  other = await startTask(a, {
    networkMode: 'bridge',
    family: 'ehc-other',
    containers: [{ name: 'app' }],
  });
  remote = await startTask(b, {
    networkMode: 'bridge',
    family: 'ehc-remote',
    metadata: 'none',
    containers: [{ name: 'app' }],
  });
}, 600_000);

afterAll(async () => {
  await hosts?.stop();
  await scratch.done();
}, 180_000);

describe('inject', () => {
  it('a command naming only another instance acts on nothing here', async () => {
    const foreign = encode(header('inject', chaosId('foreign')), [
      targetOf(other, 'app', deadline, { instanceId: b.instanceId }),
    ]);
    const result = await runHost(scratch, a, foreign);
    expect(result.exit.exitCode).toBe(1);
    expect(result.report.hostErrors).toEqual([
      {
        step: 'validate',
        reason: expect.stringContaining(`names instance ${a.instanceId}`) as unknown,
      },
    ]);
    expect(await oursOn(a)).toEqual([]);
    await expectDirect(a, other.ip, 8080);
  });

  it('starts one proxy per namespace for this host only and reports each target ready', async () => {
    const firstInject = await injectedA();
    const { report } = firstInject;
    expect(firstInject.exit.exitCode).toBe(0);
    expect(report.summary).toEqual({ mode: 'inject', ok: true });
    expect(report.ignoredCount).toBe(0);
    expect([...report.targets.keys()].sort()).toEqual([shop.taskArn, cart.taskArn].sort());
    const web = report.targets.get(shop.taskArn)!.ready;
    expect(web).toEqual([
      {
        container: 'web',
        namespace: shop.containers[0]!.runtimeId,
        proxy: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
        deadline,
      },
    ]);
    const cartReady = report.targets.get(cart.taskArn)!.ready;
    expect(cartReady.map((r) => r.container)).toEqual(['api', 'sidecar']);
    expect(new Set(cartReady.map((r) => r.namespace))).toEqual(new Set([cart.pause!.runtimeId]));
    expect(new Set(cartReady.map((r) => r.proxy)).size).toBe(1);
    const ours = await oursOn(a);
    expect(ours.filter((line) => line.endsWith(' running proxy'))).toHaveLength(2);
    expect(ours.filter((line) => line.endsWith(' running reaper'))).toEqual([
      `ehc-reaper-${id} running reaper`,
    ]);
    expect(await oursOn(b)).toEqual([]);
  }, 60_000);

  it('resets real clients of the targets after RESET_TIMEOUT and leaves every other port and task alone', async () => {
    const answers = await trafficA();
    expectResetAfterTimeout(answers.shop);
    expectResetAfterTimeout(answers.cart);
    expect((await namespaceRules(a, shop.containers[0]!.runtimeId)).length).toBeGreaterThan(0);
    await expectDirect(a, shop.ip, 9090);
    await expectDirect(a, cart.ip, 9901);
    await expectDirect(a, other.ip, 8080);
    await expectDirect(b, remote.ip, 8080);
    expect(await namespaceRules(a, other.containers[0]!.runtimeId)).toEqual([]);
  }, 60_000);

  it('the same command delivered again duplicates nothing and reports the same proxies', async () => {
    const firstInject = await injectedA();
    const again = await runHost(scratch, a, commandFor('inject'));
    expect(again.exit.exitCode).toBe(0);
    expect(again.report.targets.get(shop.taskArn)!.ready).toEqual(
      firstInject.report.targets.get(shop.taskArn)!.ready,
    );
    expect(again.report.targets.get(cart.taskArn)!.ready).toEqual(
      firstInject.report.targets.get(cart.taskArn)!.ready,
    );
    expect((await oursOn(a)).length).toBe(3);
    // One keeper whichever mechanism runs (destroy installs nothing else, ADR 0131).
    const keepers = (await namespaceRules(a, shop.containers[0]!.runtimeId)).filter((line) =>
      line.includes('ecs-http-chaos-keeper/'),
    );
    expect(keepers).toHaveLength(1);
  }, 60_000);

  it('the other instance injects its own target from the same command', async () => {
    const onB = await injectedB();
    expect(onB.exit.exitCode).toBe(0);
    expect([...onB.report.targets.keys()]).toEqual([remote.taskArn]);
    expectResetAfterTimeout(await trafficB());
    expect((await oursOn(a)).length).toBe(3);
  }, 60_000);
});

describe('status', () => {
  it('says what runs for the chaos id, per target: the proxy the inject started, never restarted', async () => {
    const firstInject = await injectedA();
    const before = Math.floor(Date.now() / 1000) * 1000;
    const result = await runHost(scratch, a, commandFor('status'));
    expect(result.exit.exitCode).toBe(0);
    const proxyOf = (task: EcsTask, container: string) =>
      firstInject.report.targets.get(task.taskArn)!.ready.find((r) => r.container === container)!
        .proxy;
    const running = (task: EcsTask, container: string) => ({
      event: 'status',
      instance: a.instanceId,
      task: task.taskArn,
      container,
      state: 'running',
      proxy: {
        id: proxyOf(task, container),
        restarts: 0,
        exitCode: 0,
        oomKilled: false,
        finishedAtMs: undefined,
      },
      atMs: expect.any(Number) as unknown,
    });
    const lines = result.report.events.filter((e) => e.event === 'status');
    expect(lines).toEqual([running(shop, 'web'), running(cart, 'api'), running(cart, 'sidecar')]);
    for (const line of lines) {
      expect(line.atMs).toBeGreaterThanOrEqual(before);
      expect(line.atMs).toBeLessThanOrEqual(Date.now());
    }
  });

  describe('without AWS_SSM_INSTANCE_ID', () => {
    let imds: Server;
    let endpoint = '';
    beforeAll(async () => {
      imds = createServer((req, res) => {
        if (
          req.method === 'PUT' &&
          req.url === '/latest/api/token' &&
          req.headers['x-aws-ec2-metadata-token-ttl-seconds'] !== undefined
        ) {
          res.end('ehc-token-1');
        } else if (
          req.url === '/latest/meta-data/instance-id' &&
          req.headers['x-aws-ec2-metadata-token'] === 'ehc-token-1'
        ) {
          res.end(a.instanceId);
        } else {
          res.writeHead(401).end();
        }
      });
      await new Promise<void>((resolve) => imds.listen(0, '127.0.0.1', resolve));
      const address = imds.address();
      endpoint =
        typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}` : '';
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => {
        imds.close(() => {
          resolve();
        });
      });
    });

    it('asks IMDSv2 (token first) for the instance id', async () => {
      await injectedA();
      const env = envWithoutInstanceId(a);
      const result = await runHost(scratch, a, commandFor('status'), {
        env: { ...env, AWS_EC2_METADATA_SERVICE_ENDPOINT: endpoint },
      });
      expect(result.exit.exitCode).toBe(0);
      expect(result.report.targets.get(shop.taskArn)!.state).toBe('running');
    });

    it('without IMDS says it cannot tell which lines are its own', async () => {
      const env = envWithoutInstanceId(a);
      const result = await runHost(scratch, a, commandFor('status'), {
        env: { ...env, AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:9' },
      });
      expect(result.exit.exitCode).toBe(1);
      expect(result.stdout).toContain('AWS_SSM_INSTANCE_ID is unset and IMDSv2');
    });
  });
});

describe('revert', () => {
  it('stops every proxy with its counters, cleans every namespace, leaves nothing of ours', async () => {
    const result = await revertedA();
    expect(result.exit.exitCode).toBe(0);
    expect(result.report.summary).toEqual({ mode: 'revert', ok: true });
    const web = result.report.targets.get(shop.taskArn)!.reverted;
    expect(web).toHaveLength(1);
    expect(web[0]!.clean).toBe(true);
    expect(web[0]!.counters!.resets).toBeGreaterThanOrEqual(1);
    expect(web[0]!.counters!.connections).toBeGreaterThanOrEqual(web[0]!.counters!.resets);
    expect(result.report.targets.get(cart.taskArn)!.reverted.map((r) => r.clean)).toEqual([
      true,
      true,
    ]);
    expect(await oursOn(a)).toEqual([]);
    for (const container of [shop.containers[0]!.runtimeId, cart.pause!.runtimeId]) {
      expect(await namespaceRules(a, container)).toEqual([]);
    }
    await expectDirect(a, shop.ip, 8080);
    await expectDirect(a, cart.ip, 8080);
  }, 60_000);

  it('again is a no-op that still proves the host clean', async () => {
    await revertedA();
    const result = await runHost(scratch, a, commandFor('revert'));
    expect(result.exit.exitCode).toBe(0);
    expect(result.report.targets.get(shop.taskArn)!.reverted).toEqual([
      { clean: true, counters: null },
    ]);
  }, 60_000);

  it('an inject arriving after the revert refuses and starts nothing', async () => {
    await revertedA();
    const late = await runHost(scratch, a, commandFor('inject'));
    expect(late.exit.exitCode).toBe(1);
    expect(late.report.hostErrors).toEqual([
      { step: 'tombstone', reason: expect.stringContaining('refusing a late inject') as unknown },
    ]);
    expect(await oursOn(a)).toEqual([]);
    await expectDirect(a, shop.ip, 8080);
    expect((await readdir(a.hostEnv()['ECS_HTTP_CHAOS_STATE_DIR']!)).sort()).toEqual([
      `tombstone-${id}`,
    ]);
  }, 60_000);

  it('on the other instance leaves it clean too', async () => {
    const result = await revertedB();
    expect(result.exit.exitCode).toBe(0);
    expect(
      result.report.targets.get(remote.taskArn)!.reverted[0]!.counters!.resets,
    ).toBeGreaterThanOrEqual(1);
    expect(await oursOn(b)).toEqual([]);
    expect(await namespaceRules(b, remote.containers[0]!.runtimeId)).toEqual([]);
    await expectDirect(b, remote.ip, 8080);
  }, 60_000);
});

describe('several chaos ids on one host (serial steps, ADR 0053)', () => {
  it('are independent: own proxies, reverts and tombstones', async () => {
    const base = chaosId('steps');
    const deadlineMs = deadlineIn(60);
    const command = (mode: 'inject' | 'revert', step: string, task: EcsTask, name: string) =>
      encode(header(mode, `${base}-${step}`), [targetOf(task, name, deadlineMs)]);
    const exitOf = async (payload: string) => (await runHost(scratch, a, payload)).exit.exitCode;
    expect(await exitOf(command('inject', 's1', shop, 'web'))).toBe(0);
    expect(await exitOf(command('inject', 's2', other, 'app'))).toBe(0);
    expect(await exitOf(command('revert', 's1', shop, 'web'))).toBe(0);
    await expectDirect(a, shop.ip, 8080);
    expect((await probe(other.ip, 8080, 4000)).outcome).toBe('reset');
    expect(await exitOf(command('inject', 's3', shop, 'web'))).toBe(0);
    expect((await probe(shop.ip, 8080, 4000)).outcome).toBe('reset');
    expect(await exitOf(command('revert', 's2', other, 'app'))).toBe(0);
    expect(await exitOf(command('revert', 's3', shop, 'web'))).toBe(0);
    expect(await oursOn(a)).toEqual([]);
    await expectDirect(a, other.ip, 8080);
    await expectDirect(a, shop.ip, 8080);
  }, 120_000);
});
