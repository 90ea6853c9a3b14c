// Runs on Graviton (docs/decisions/0170): one tag names linux/amd64 and
// linux/arm64 (a manifest list in Debian's docker-registry on loopback, pushed by the real
// scripts/image/multiarch.sh), and the arm64 image, pulled through that tag, runs the proxy
// in a container's network namespace under qemu-user-static: a real client is reset.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, symlink, mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  ContainerInstance,
  IMAGES,
  LocalRegistry,
  run,
  waitFor,
} from '../../../sandbox/docker/index.js';
import { runtimePackages } from '../../../sandbox/docker/runtime-packages.js';

const ROOT = resolve('.');
const QEMU = join(ROOT, 'scripts/image/qemu.sh');
const BINFMT = `ehc-qemu-arm64-${process.pid}`;
const RESET_MS = 800;
/** The netfilter tools the proxy looks up on PATH (src/netfilter/tools.ts). */
const TOOLS = ['iptables', 'ip6tables'].flatMap((family) =>
  ['nft', 'legacy'].flatMap((backend) => [`${family}-${backend}`, `${family}-${backend}-save`]),
);

let registry: LocalRegistry | undefined;
let builder: ContainerInstance | undefined;
let host: ContainerInstance | undefined;
let scratch = '';
let ref = '';

/** The node of this test first on PATH: multiarch.sh reads the manifest with it. */
const env = (dockerHost: string) => ({
  DOCKER_HOST: dockerHost,
  PATH: `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}`,
});

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('these tests need root (dockerd, binfmt_misc)');
  scratch = await mkdtemp(join(tmpdir(), 'ehc-multiarch-'));
  await run(QEMU, ['register', BINFMT, 'aarch64']);
  registry = await LocalRegistry.start();
  builder = await ContainerInstance.start({ images: [IMAGES.product, IMAGES.productArm64] });
  host = await ContainerInstance.start({ images: [IMAGES.httpService] });
  ref = `${registry.address}/ehc-test/ecs-http-chaos:multiarch-${process.pid}`;
}, 600_000);

afterAll(async () => {
  const results = await Promise.allSettled([builder?.stop(), host?.stop(), registry?.stop()]);
  await run(QEMU, ['unregister', BINFMT]);
  await rm(scratch, { recursive: true, force: true });
  for (const result of results) if (result.status === 'rejected') throw result.reason;
}, 120_000);

async function idOf(instance: ContainerInstance, image: string): Promise<string> {
  return (await instance.docker(['image', 'inspect', '--format', '{{.Id}}', image])).stdout.trim();
}

async function pull(platform: string): Promise<string> {
  await host!.docker(['pull', '--platform', platform, ref], { timeoutMs: 300_000 });
  return (
    await host!.docker(['image', 'inspect', '--format', '{{.Os}}/{{.Architecture}}', ref])
  ).stdout.trim();
}

describe('one tag for linux/amd64 and linux/arm64', () => {
  it('multiarch.sh pushes a manifest list that resolves to each image, byte for byte', async () => {
    const pushed = await run(
      join(ROOT, 'scripts/image/multiarch.sh'),
      [ref, IMAGES.product, IMAGES.productArm64],
      { env: env(builder!.dockerHost), timeoutMs: 600_000 },
    );
    expect(pushed.stdout).toMatch(/^linux\/arm64: sha256:[0-9a-f]{64}, [\d.]+ MB compressed$/m);

    const [name, tag] = ref.slice(registry!.address.length + 1).split(':');
    const answer = await fetch(`http://${registry!.address}/v2/${name}/manifests/${tag}`, {
      headers: { Accept: 'application/vnd.docker.distribution.manifest.list.v2+json' },
    });
    expect(answer.headers.get('content-type')).toBe(
      'application/vnd.docker.distribution.manifest.list.v2+json',
    );
    const list = (await answer.json()) as {
      manifests: { platform: { os: string; architecture: string } }[];
    };
    expect(
      list.manifests.map((one) => `${one.platform.os}/${one.platform.architecture}`).sort(),
    ).toEqual(['linux/amd64', 'linux/arm64']);

    expect(await pull('linux/amd64')).toBe('linux/amd64');
    expect(await idOf(host!, ref)).toBe(await idOf(builder!, IMAGES.product));
    expect(await pull('linux/arm64')).toBe('linux/arm64');
    expect(await idOf(host!, ref)).toBe(await idOf(builder!, IMAGES.productArm64));
  }, 900_000);
});

/** An amd64 root with iptables at scratch/native, and links to xtables.sh named like the tools. */
async function nativeIptables(): Promise<void> {
  const created = await host!.docker(['create', `${ref}-amd64`]);
  const id = created.stdout.trim();
  await mkdir(join(scratch, 'native'));
  await run('sh', ['-c', 'docker export "$0" | tar -x -C "$1"', id, join(scratch, 'native')], {
    env: { DOCKER_HOST: host!.dockerHost },
    timeoutMs: 300_000,
  });
  await host!.docker(['rm', id]);
  await mkdir(join(scratch, 'bin'));
  for (const tool of TOOLS) await symlink('/native-tools/xtables.sh', join(scratch, 'bin', tool));
}

/** Connects, asks once, and waits for the connection to end; the time from dial to end. */
function dialUntilClosed(ip: string, timeoutMs: number): Promise<{ code: string; ms: number }> {
  return new Promise((done) => {
    const started = performance.now();
    const socket = connect({ host: ip, port: 8080 });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('TIMEOUT')));
    socket.on('connect', () => socket.write('GET / HTTP/1.1\r\nHost: t\r\n\r\n'));
    socket.on('data', () => undefined);
    socket.on('error', (error: NodeJS.ErrnoException) => {
      done({ code: error.code ?? error.message, ms: performance.now() - started });
    });
    socket.on('close', () => {
      done({ code: 'closed', ms: performance.now() - started });
    });
  });
}

describe('the arm64 image under emulation', () => {
  it('starts the proxy in a task’s network namespace and resets a real client', async () => {
    await host!.docker(['pull', `${ref}-amd64`], { timeoutMs: 300_000 });
    await nativeIptables();
    expect(await pull('linux/arm64')).toBe('linux/arm64');
    const app = (
      await host!.docker(['run', '-d', '-e', 'NAME=arm', IMAGES.httpService])
    ).stdout.trim();
    const ip = (
      await host!.docker(['inspect', '--format', '{{.NetworkSettings.IPAddress}}', app])
    ).stdout.trim();
    const uname = await host!.docker(['run', '--rm', '--entrypoint', 'uname', ref, '-m']);
    expect(uname.stdout.trim()).toBe('aarch64');
    // The runtime package list reached this architecture too.
    const listed = await runtimePackages();
    const shown = await host!.docker([
      'run',
      '--rm',
      '--entrypoint',
      'dpkg-query',
      ref,
      '-W',
      '-f',
      '${Package} ${Status}\n',
      ...listed,
    ]);
    expect(shown.stdout.trim().split('\n').sort()).toEqual(
      listed.map((name) => `${name} install ok installed`).sort(),
    );

    const proxy = (
      await host!.docker([
        'run',
        '-d',
        '--network',
        `container:${app}`,
        '--user',
        '0',
        '--cap-drop',
        'ALL',
        '--cap-add',
        'NET_ADMIN',
        '--cap-add',
        'NET_RAW',
        '-v',
        `${join(scratch, 'native')}:/native:ro`,
        '-v',
        `${join(scratch, 'bin')}:/native-bin:ro`,
        '-v',
        `${join(ROOT, 'test/fixtures/native-iptables')}:/native-tools:ro`,
        '-e',
        'PATH=/native-bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        ref,
        'proxy',
        '--id',
        `arm64-${process.pid}`,
        '--target-port',
        '8080',
        '--proxy-port',
        '20000',
        '--reset-timeout-ms',
        String(RESET_MS),
        '--duration-s',
        '60',
        '--drain-s',
        '1',
      ])
    ).stdout.trim();
    await waitFor(
      'the arm64 proxy to be ready',
      async () => {
        const logs = await host!.docker(['logs', proxy]);
        return /^\{"event":"ready"/m.test(logs.stdout) ? true : undefined;
      },
      { timeoutMs: 120_000 },
    );

    const reset = await dialUntilClosed(ip, 10_000);
    expect(reset.code).toBe('ECONNRESET');
    expect(reset.ms).toBeGreaterThanOrEqual(RESET_MS);

    await host!.docker(['stop', '--time', '60', proxy], { timeoutMs: 120_000 });
    const final = await host!.docker(['logs', proxy]);
    expect(final.stdout).toMatch(/^\{"event":"stopped".*"resets":[1-9]/m);
    // The proxy removed its rules on the way out: the port answers directly again.
    const after = await dialUntilClosed(ip, 3_000);
    expect(after.code).toBe('TIMEOUT');
  }, 900_000);
});
