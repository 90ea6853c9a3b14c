// LIB_IMAGE_PULL_POLICY on a real host (ADR 0158): Debian's docker-registry on loopback
// holds a copy of the image under test with one label more (another image id, the same
// program), and the test dockerd holds the same tag on the image under test. Which image
// id the tag and the proxy end up on says whether the host pulled: Always pulls even when
// the tag is there, IfNotPresent and INSTALL_DEPENDENCIES=false use the host's copy,
// Never refuses a missing image without pulling, and a failed Always pull fails the
// inject even though the tag is there.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  LocalRegistry,
  startTask,
  TestHosts,
  type ContainerInstance,
  type EcsTask,
} from '../../../sandbox/docker/index.js';
import type { PayloadHeader } from '../../../src/host/payload.js';
import {
  HOST_IMAGES,
  PRODUCT_IMAGE,
  Scratch,
  assertImageCarriesScript,
  chaosId,
  deadlineIn,
  encode,
  expectNothingLeft,
  header,
  probe,
  runHost,
  targetOf,
  type HostRun,
} from './harness.js';

let hosts: TestHosts | undefined;
let registry: LocalRegistry | undefined;
let scratch: Scratch | undefined;
let host: ContainerInstance;
let task: EcsTask;
/** LIB_IMAGE as the hosts name it: the registry's tag. */
let ref = '';
/** The image under test, and the registry's copy of it (one label more). */
let hostCopy = '';
let registryCopy = '';

async function imageId(image: string): Promise<string | undefined> {
  const shown = await host.docker(['image', 'inspect', '--format', '{{.Id}}', image], {
    allowFailure: true,
  });
  return shown.code === 0 ? shown.stdout.trim() : undefined;
}

/** The tag `image` on the host: on image id `id`, or not there at all. */
async function tagOnHost(image: string, id: string | undefined): Promise<void> {
  if (id === undefined) await host.docker(['image', 'rm', image], { allowFailure: true });
  else await host.docker(['tag', id, image]);
  expect(await imageId(image)).toBe(id);
}

function inject(id: string, over: Partial<PayloadHeader>, image = ref): Promise<HostRun> {
  const payload = encode(header('inject', id, { libImage: image, ...over }), [
    targetOf(task, 'app', deadlineIn(60)),
  ]);
  return runHost(scratch!, host, payload);
}

/** Injected: the image id the proxy runs; then reverted, and nothing of ours left. */
async function proxyImageThenRevert(id: string, injected: HostRun): Promise<string> {
  expect(injected.exit.exitCode).toBe(0);
  const [ready] = injected.report.targets.get(task.taskArn)!.ready;
  const proxyImage = await host.docker(['inspect', '--format', '{{.Image}}', ready!.proxy]);
  expect((await probe(task.ip, 8080, 4000)).outcome).toBe('reset');
  const payload = encode(header('revert', id, { libImage: ref }), [
    targetOf(task, 'app', deadlineIn(60)),
  ]);
  expect((await runHost(scratch!, host, payload)).exit.exitCode).toBe(0);
  await expectNothingLeft(host, task);
  return proxyImage.stdout.trim();
}

function expectImageRefused(result: HostRun, reason: RegExp): void {
  expect(result.exit.exitCode).toBe(1);
  expect(result.report.hostErrors).toEqual([
    { step: 'image', reason: expect.stringMatching(reason) as unknown },
  ]);
}

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('these tests need root (they start dockerd)');
  await assertImageCarriesScript();
  scratch = await Scratch.create();
  hosts = await TestHosts.start({ count: 1, images: HOST_IMAGES });
  host = hosts.instance(0);
  task = await startTask(host, {
    networkMode: 'bridge',
    family: 'ehc-pull-policy',
    containers: [{ name: 'app' }],
  });
  registry = await LocalRegistry.start();
  ref = `${registry.address}/ehc-test/ecs-http-chaos:policy`;
  const made = `ehc-pull-policy-${process.pid}`;
  await host.docker(['create', '--name', made, PRODUCT_IMAGE]);
  await host.docker(['commit', '--change', 'LABEL io.ecs-http-chaos.test=registry', made, ref]);
  await host.docker(['rm', made]);
  await host.docker(['push', ref], { timeoutMs: 300_000 });
  registryCopy = (await imageId(ref))!;
  hostCopy = (await imageId(PRODUCT_IMAGE))!;
  expect(registryCopy).not.toBe(hostCopy);
  // The host keeps only the tag on its own copy: the registry's is there to be pulled.
  await tagOnHost(ref, hostCopy);
  await host.docker(['image', 'rm', registryCopy]);
}, 600_000);

afterAll(async () => {
  const stopped = await Promise.allSettled([hosts?.stop(), registry?.stop()]);
  await scratch?.done();
  for (const result of stopped) if (result.status === 'rejected') throw result.reason;
}, 180_000);

describe('LIB_IMAGE_PULL_POLICY on the host', () => {
  it('Always pulls even when the tag is on the host: the proxy runs the registry copy', async () => {
    await tagOnHost(ref, hostCopy);
    const id = chaosId('always');
    const injected = await inject(id, { installDependencies: true, pullPolicy: 'Always' });
    expect(await imageId(ref)).toBe(registryCopy);
    expect(await proxyImageThenRevert(id, injected)).toBe(registryCopy);
  }, 300_000);

  it.each([
    ['IfNotPresent uses the copy the host has', true, 'IfNotPresent'],
    ['INSTALL_DEPENDENCIES=false never pulls, even with Always', false, 'Always'],
    ['Never uses the copy the host has', true, 'Never'],
  ] as const)(
    '%s: no pull',
    async (_, installDependencies, pullPolicy) => {
      await tagOnHost(ref, hostCopy);
      const id = chaosId('kept');
      const injected = await inject(id, { installDependencies, pullPolicy });
      expect(await imageId(ref)).toBe(hostCopy);
      expect(await proxyImageThenRevert(id, injected)).toBe(hostCopy);
    },
    300_000,
  );

  it('Never with the image missing: refused, nothing pulled, nothing left', async () => {
    await tagOnHost(ref, undefined);
    const result = await inject(chaosId('never'), {
      installDependencies: true,
      pullPolicy: 'Never',
    });
    expectImageRefused(
      result,
      new RegExp(`^LIB_IMAGE ${ref} is not on this host and LIB_IMAGE_PULL_POLICY=Never: `),
    );
    expect(await imageId(ref)).toBeUndefined();
    await expectNothingLeft(host, task);
  }, 120_000);

  it('Always with a pull that fails: refused although the tag is on the host', async () => {
    const localOnly = `${registry!.address}/ehc-test/never-pushed:1`;
    await tagOnHost(localOnly, hostCopy);
    try {
      const result = await inject(
        chaosId('failed'),
        { installDependencies: true, pullPolicy: 'Always' },
        localOnly,
      );
      expectImageRefused(
        result,
        /^pulling LIB_IMAGE .*never-pushed:1 \(LIB_IMAGE_PULL_POLICY=Always; the tag is here\) failed: /,
      );
      await expectNothingLeft(host, task);
    } finally {
      await tagOnHost(localOnly, undefined);
    }
  }, 120_000);
});
