// Every way an inject can be refused or fail on a real host ends with one clear JSON error
// (step and reason) and nothing of ours left: no container, no rule, no lock. Hostile
// payload values are rejected before the script runs a single docker command.
// INSTALL_DEPENDENCIES=true pulls LIB_IMAGE from Debian's docker-registry on loopback.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  IMAGES,
  LocalRegistry,
  startTask,
  TestHosts,
  type ContainerInstance,
  type EcsTask,
} from '../../../sandbox/docker/index.js';
import type { PayloadHeader, PayloadTarget } from '../../../src/host/payload.js';
import {
  DockerShim,
  HOST_IMAGES,
  PRODUCT_IMAGE,
  Scratch,
  agentEnv,
  assertImageCarriesScript,
  chaosId,
  deadlineIn,
  encode,
  expectDirect,
  expectNothingLeft,
  header,
  oursOn,
  probe,
  runHost,
  targetOf,
  toolboxWithoutDocker,
  type HostRun,
} from './harness.js';

let hostA: TestHosts | undefined;
let hostB: TestHosts | undefined;
let registry: LocalRegistry | undefined;
let scratch: Scratch;
let a: ContainerInstance; // has LIB_IMAGE
let b: ContainerInstance; // has only the task images
let web: EcsTask;
let onB: EcsTask;

function inject(
  instance: ContainerInstance,
  targets: (deadline: number) => PayloadTarget[],
  over: Partial<PayloadHeader> = {},
) {
  return encode(header('inject', chaosId('refuse'), over), targets(deadlineIn(60)));
}

/** One error line with this step and a reason matching; the summary says not ok. */
function expectRefused(result: HostRun, step: string, reason: RegExp, task = ''): void {
  expect(result.exit.exitCode).toBe(1);
  expect(result.report.summary).toEqual({ mode: 'inject', ok: false });
  const errors = result.report.events.filter((event) => event.event === 'error');
  expect(errors).toEqual([
    expect.objectContaining({ task, step, reason: expect.stringMatching(reason) as unknown }),
  ]);
  expect(result.report.events.filter((event) => event.event === 'ready')).toEqual([]);
}

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('these tests need root (they start dockerd)');
  await assertImageCarriesScript();
  scratch = await Scratch.create();
  hostA = await TestHosts.start({ count: 1, images: HOST_IMAGES });
  a = hostA.instance(0);
  hostB = await TestHosts.start({ count: 1, images: [IMAGES.httpService, IMAGES.pause] });
  b = hostB.instance(0);
  web = await startTask(a, {
    networkMode: 'bridge',
    family: 'ehc-refuse',
    containers: [{ name: 'web', ports: [8080, 9090] }],
  });
  onB = await startTask(b, {
    networkMode: 'bridge',
    family: 'ehc-pull',
    containers: [{ name: 'app' }],
  });
}, 600_000);

afterAll(async () => {
  const stopped = await Promise.allSettled([hostA?.stop(), hostB?.stop(), registry?.stop()]);
  for (const result of stopped) if (result.status === 'rejected') throw result.reason;
  await scratch.done();
}, 180_000);

describe('an inject that cannot be done', () => {
  it('a missing container: the whole command fails, the other target is not faulted', async () => {
    const payload = inject(a, (d) => [targetOf(web, 'web', d), targetOf(web, 'ghost', d)]);
    const result = await runHost(scratch, a, payload);
    expectRefused(
      result,
      'find-container',
      /no container ghost of .* on this host \(no ECS metadata file \/.*, no container with its ECS labels\)/,
      web.taskArn,
    );
    await expectNothingLeft(a, web);
  }, 60_000);

  it('a runtime id that is not on this host', async () => {
    const payload = inject(a, (d) => [targetOf(web, 'web', d, { runtimeId: 'f'.repeat(64) })]);
    expectRefused(
      await runHost(scratch, a, payload),
      'find-container',
      /no container f{64} \(the runtime id ECS reported/,
      web.taskArn,
    );
    await expectNothingLeft(a, web);
  }, 60_000);

  it('a stopped container', async () => {
    const task = await startTask(a, {
      networkMode: 'bridge',
      family: 'ehc-stopped',
      containers: [{ name: 'app' }],
    });
    await a.docker(['stop', '-t', '1', task.containers[0]!.runtimeId]);
    const result = await runHost(
      scratch,
      a,
      inject(a, (d) => [targetOf(task, 'app', d)]),
    );
    expectRefused(result, 'find-container', /is not running \(status exited/, task.taskArn);
    expect(await oursOn(a)).toEqual([]);
  }, 60_000);

  it('host network mode', async () => {
    const task = await startTask(a, {
      networkMode: 'host',
      family: 'ehc-hostnet',
      containers: [{ name: 'agent' }],
    });
    const result = await runHost(
      scratch,
      a,
      inject(a, (d) => [targetOf(task, 'agent', d)]),
    );
    expectRefused(
      result,
      'network-mode',
      /uses host network mode: refused in this version/,
      task.taskArn,
    );
    expect(await oursOn(a)).toEqual([]);
    await a.docker(['rm', '-f', task.containers[0]!.runtimeId]);
  }, 60_000);

  it('LIB_IMAGE missing with INSTALL_DEPENDENCIES=false', async () => {
    const result = await runHost(
      scratch,
      b,
      inject(b, (d) => [targetOf(onB, 'app', d)]),
    );
    expectRefused(
      result,
      'image',
      new RegExp(`LIB_IMAGE ${PRODUCT_IMAGE} is not on this host and INSTALL_DEPENDENCIES=false`),
    );
    await expectNothingLeft(b, onB);
  }, 60_000);

  it('no docker on the host', async () => {
    const toolbox = await toolboxWithoutDocker(scratch);
    const env = { ...agentEnv(a), PATH: toolbox };
    const result = await runHost(
      scratch,
      a,
      inject(a, (d) => [targetOf(web, 'web', d)]),
      { env },
    );
    expectRefused(result, 'docker', /docker not found on PATH/);
    await expectNothingLeft(a, web);
  }, 60_000);

  it('the proxy port already taken in the namespace: only the relay needs it, destroy runs', async () => {
    // The relay's refusal of a busy port is test/integration/proxy/input.test.ts's; here
    // the kernel supports destroy (ADR 0131), which listens on nothing.
    const id = chaosId('port');
    const deadline = deadlineIn(60);
    const targets = [targetOf(web, 'web', deadline, { proxyPort: 9090 })];
    const injected = await runHost(scratch, a, encode(header('inject', id), targets));
    expect(injected.exit.exitCode).toBe(0);
    await expectDirect(a, web.ip, 9090);
    const reverted = await runHost(scratch, a, encode(header('revert', id), targets));
    expect(reverted.exit.exitCode).toBe(0);
    const counters = reverted.report.targets.get(web.taskArn)!.reverted[0]!.counters;
    expect(counters).toMatchObject({ mechanism: 'destroy' });
    await expectNothingLeft(a, web);
  }, 60_000);
});

describe('INSTALL_DEPENDENCIES=true', () => {
  let ref = '';
  beforeAll(async () => {
    registry = await LocalRegistry.start();
    ref = await registry.push(a, PRODUCT_IMAGE, 'ehc-test/ecs-http-chaos:pulled');
  }, 300_000);

  it('pulls LIB_IMAGE from the registry, then injects and reverts', async () => {
    const id = chaosId('pull');
    const deadline = deadlineIn(60);
    const targets = [targetOf(onB, 'app', deadline)];
    const injected = await runHost(
      scratch,
      b,
      encode(header('inject', id, { libImage: ref, installDependencies: true }), targets),
    );
    expect(injected.exit.exitCode).toBe(0);
    expect(injected.report.targets.get(onB.taskArn)!.ready).toHaveLength(1);
    expect((await probe(onB.ip, 8080, 4000)).outcome).toBe('reset');
    const reverted = await runHost(
      scratch,
      b,
      encode(header('revert', id, { libImage: ref }), targets),
    );
    expect(reverted.exit.exitCode).toBe(0);
    await expectNothingLeft(b, onB);
  }, 300_000);

  it('a tag the registry does not have fails naming the image', async () => {
    const absent = `${registry!.address}/ehc-test/absent:1`;
    const result = await runHost(
      scratch,
      b,
      inject(b, (d) => [targetOf(onB, 'app', d)], {
        libImage: absent,
        installDependencies: true,
      }),
    );
    expectRefused(
      result,
      'image',
      new RegExp(`pulling LIB_IMAGE ${absent} \\(LIB_IMAGE_PULL_POLICY=\\w+\\) failed`),
    );
    await expectNothingLeft(b, onB);
  }, 120_000);
});

describe('hostile values in the payload', () => {
  const canary = () => join(scratch.dir, 'pwned');
  // [what, line (0 header, 1 target), field index, value]
  const hostile: [string, number, number, () => string][] = [
    ['a command separator in the chaos id', 0, 2, () => 'x; rm -rf /'],
    ['a quote in the image', 0, 3, () => "img'; touch /tmp/x; '"],
    ['a command substitution in the container name', 1, 3, () => `$(touch ${canary()})`],
    ['backticks in the cluster', 1, 1, () => `\`touch ${canary()}\``],
  ];

  it.each(hostile)(
    '%s: rejected before any docker command, nothing done',
    async (_, line, field, value) => {
      const shim = await DockerShim.create(scratch);
      const lines = Buffer.from(
        inject(a, (d) => [targetOf(web, 'web', d)]),
        'base64',
      )
        .toString('utf8')
        .split('\n');
      const fields = lines[line]!.split('\t');
      fields[field] = value();
      lines[line] = fields.join('\t');
      const payload = Buffer.from(lines.join('\n'), 'utf8').toString('base64');
      const result = await runHost(scratch, a, payload, shim.options(a, 'none'));
      expect(result.exit.exitCode).toBe(2);
      expect(result.report.hostErrors).toEqual([
        {
          step: 'validate',
          reason: expect.stringMatching(/^payload rejected, nothing was done: /) as unknown,
        },
      ]);
      expect(await shim.calls()).toEqual([]);
      expect(existsSync(canary())).toBe(false);
      await expectNothingLeft(a, web);
    },
    60_000,
  );
});
