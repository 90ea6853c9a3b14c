// The product image in its three roles, run with testcontainers on a test daemon of its
// own: the executor (non-root, the default), the proxy (root with only NET_ADMIN and
// NET_RAW, both iptables backends), the reaper (docker client with the socket mounted).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { copyImages, IMAGES, run, TestDaemon } from '../../../sandbox/docker/index.js';
import { runtimePackages } from '../../../sandbox/docker/runtime-packages.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SOURCES = join(ROOT, 'src');
/** Where the host-side assets (the host script) live in the image: fixed, documented. */
const IMAGE_DIST = '/opt/ecs-http-chaos/dist';

/** What `make image` passes as EXTRA_CA_CERTS on this machine. */
const MACHINE_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

type Testcontainers = typeof import('testcontainers');
type Started = Awaited<ReturnType<InstanceType<Testcontainers['GenericContainer']>['start']>>;

let daemon: TestDaemon | undefined;
let tc: Testcontainers;
const started: Started[] = [];
const savedEnv = {
  DOCKER_HOST: process.env['DOCKER_HOST'],
  TESTCONTAINERS_RYUK_DISABLED: process.env['TESTCONTAINERS_RYUK_DISABLED'],
};

function restoreEnv(): void {
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) Reflect.deleteProperty(process.env, key);
    else process.env[key] = value;
  }
}

/** A container of the image that stays up (tini still PID 1) so a test can exec in it. */
async function longRunning(
  configure: (container: InstanceType<Testcontainers['GenericContainer']>) => void = () =>
    undefined,
): Promise<Started> {
  const container = new tc.GenericContainer(IMAGES.product)
    .withEntrypoint(['tini', '--', 'sleep', '600'])
    .withWaitStrategy(tc.Wait.forSuccessfulCommand('true'))
    .withStartupTimeout(30_000);
  configure(container);
  const one = await container.start();
  started.push(one);
  return one;
}

async function shaInImage(container: Started, path: string): Promise<string> {
  const hashed = await container.exec(['sha256sum', path]);
  return hashed.stdout.split(' ')[0] ?? '';
}

async function inspect(format: string): Promise<string> {
  const shown = await daemon!.docker(['image', 'inspect', '--format', format, IMAGES.product]);
  return shown.stdout.trim();
}

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('these tests need root (they start dockerd)');
  daemon = await TestDaemon.start();
  await copyImages([IMAGES.product], daemon.dockerHost);
  // testcontainers picks its Docker once per module registry (one per test file under
  // jest), from DOCKER_HOST; no Ryuk image can be pulled here, the teardown cleans up.
  process.env['DOCKER_HOST'] = daemon.dockerHost;
  process.env['TESTCONTAINERS_RYUK_DISABLED'] = 'true';
  tc = await import('testcontainers');
}, 300_000);

afterAll(async () => {
  try {
    await Promise.allSettled(started.map((one) => one.stop({ timeout: 1_000 })));
    await daemon?.stop();
  } finally {
    restoreEnv();
  }
}, 120_000);

describe('the image as the executor (its default)', () => {
  it('runs `ecs-http-chaos version` through tini as a non-root user', async () => {
    expect(await inspect('{{json .Config.Entrypoint}}')).toBe('["tini","--","ecs-http-chaos"]');
    expect(await inspect('{{.Config.User}}')).toBe('10001:10001');
    const once = await new tc.GenericContainer(IMAGES.product)
      .withCommand(['version'])
      .withWaitStrategy(tc.Wait.forOneShotStartup())
      .start();
    started.push(once);
    const logs = await once.logs();
    const output = await new Promise<string>((resolve, reject) => {
      let text = '';
      logs.on('data', (chunk: Buffer | string) => (text += chunk.toString()));
      logs.on('end', () => {
        resolve(text);
      });
      logs.on('error', reject);
    });
    expect(output.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('has tini as PID 1, the executor user by default, and no iptables rights', async () => {
    const container = await longRunning();
    expect((await container.exec(['cat', '/proc/1/comm'])).output.trim()).toBe('tini');
    expect((await container.exec(['id', '-u'])).output.trim()).toBe('10001');
    const version = await container.exec(['ecs-http-chaos', 'version']);
    expect(version.exitCode).toBe(0);
    const denied = await container.exec(['iptables', '-t', 'nat', '-S']);
    expect(denied.exitCode).not.toBe(0);
  });

  it('carries production dependencies only, and no build-time CA bundle', async () => {
    const container = await longRunning();
    const modules = '/opt/ecs-http-chaos/node_modules';
    expect(
      (await container.exec(['test', '-d', `${modules}/@kubernetes/client-node`])).exitCode,
    ).toBe(0);
    for (const devOnly of ['typescript', 'jest', 'eslint', 'testcontainers']) {
      expect((await container.exec(['test', '-e', `${modules}/${devOnly}`])).exitCode).not.toBe(0);
    }
    // Any file holding the machine's own CA certificate would be the bundle leaking in.
    // One hash per file in one exec: ca-certificates (ADR 0161) brings ~150 of them.
    const machineCa = await readFile(MACHINE_CA_BUNDLE).catch(() => undefined);
    const search = await container.exec(
      [
        'find',
        '/',
        '-xdev',
        '-type',
        'f',
        '(',
        '-name',
        '*.pem',
        '-o',
        '-name',
        '*.crt',
        ')',
        '-exec',
        'sha256sum',
        '{}',
        '+',
      ],
      { user: '0' },
    );
    expect(search.exitCode).toBe(0);
    if (machineCa !== undefined) {
      expect(search.stdout).not.toContain(createHash('sha256').update(machineCa).digest('hex'));
    }
    expect(search.stdout).not.toContain('extra-ca.pem');
    expect(
      (await container.exec(['sh', '-c', 'echo "${NODE_EXTRA_CA_CERTS-unset}"'])).output.trim(),
    ).toBe('unset');
  });
});

describe('inline cmdProbes in the executor (ADR 0161)', () => {
  it('has curl, jq and the CA bundle curl verifies https with; no kubectl', async () => {
    const container = await longRunning();
    expect((await container.exec(['curl', '--version'])).output).toMatch(/^curl \d/);
    const parsed = await container.exec([
      'sh',
      '-c',
      `echo '{"status":"UP","checks":[1,2,3]}' | jq -r '.status + " " + (.checks | length | tostring)'`,
    ]);
    expect(parsed.output.trim()).toBe('UP 3');
    expect(
      (await container.exec(['test', '-s', '/etc/ssl/certs/ca-certificates.crt'])).exitCode,
    ).toBe(0);
    // A refused connection is curl's own exit 7: a probe failure, not a missing tool.
    const refused = await container.exec([
      'sh',
      '-c',
      "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:1/",
    ]);
    expect([refused.exitCode, refused.stdout]).toEqual([7, '000']);
    // The words the run reads a missing tool's name from (src/probes/probe-error.ts).
    const missing = await container.exec(['sh', '-c', 'kubectl get pods']);
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr.trim()).toBe('sh: 1: kubectl: not found');
  });
});

describe('the image as LIB_IMAGE for the proxy (root, only NET_ADMIN and NET_RAW)', () => {
  it('has working nf_tables and legacy iptables in its own namespace', async () => {
    const container = await longRunning((c) =>
      c.withUser('0').withDroppedCapabilities('ALL').withAddedCapabilities('NET_ADMIN', 'NET_RAW'),
    );
    expect((await container.exec(['iptables', '-V'])).output).toMatch(/nf_tables/);
    expect((await container.exec(['iptables-legacy', '-V'])).output).toMatch(/legacy/);
    for (const iptables of ['iptables', 'iptables-legacy']) {
      const made = await container.exec([iptables, '-t', 'nat', '-N', 'EHC-IMAGE-TEST']);
      expect(made.exitCode).toBe(0);
      const listed = await container.exec([iptables, '-t', 'nat', '-S']);
      expect(listed.output).toContain('-N EHC-IMAGE-TEST');
    }
  });
});

describe('the image as the reaper (docker client, host socket mounted)', () => {
  it('has a docker client that links only libc and reaches the mounted daemon', async () => {
    const container = await longRunning((c) =>
      c
        .withUser('0')
        .withBindMounts([
          { source: daemon!.paths.socket, target: '/var/run/docker.sock', mode: 'rw' },
        ]),
    );
    expect((await container.exec(['docker', '--version'])).output).toMatch(/^Docker version /);
    const libraries = (await container.exec(['ldd', '/usr/bin/docker'])).output;
    expect(libraries).toMatch(/libc\.so/);
    expect(libraries).not.toMatch(/libpthread|libdl|libseccomp|libsystemd/);
    const server = await container.exec(['docker', 'version', '--format', '{{.Server.Version}}']);
    expect(server.exitCode).toBe(0);
    expect(server.output.trim()).toMatch(/^\d+\.\d+/);
  });
});

describe('the host-side assets', () => {
  // src/host/sh/ holds the sources of the host script; only the script built from them
  // (src/host/host.sh) is read at run time (ADR 0200).
  it('ships every run-time shell asset of src/ unchanged under /opt/ecs-http-chaos/dist', async () => {
    const container = await longRunning();
    const entries = await readdir(SOURCES, { recursive: true, withFileTypes: true });
    const expected = new Map<string, string>();
    const shipped = (one: (typeof entries)[number]) =>
      one.isFile() && one.name.endsWith('.sh') && !one.parentPath.endsWith(join('host', 'sh'));
    for (const entry of entries.filter(shipped)) {
      const path = join(entry.parentPath, entry.name);
      const digest = createHash('sha256')
        .update(await readFile(path))
        .digest('hex');
      expect(await shaInImage(container, join(IMAGE_DIST, relative(SOURCES, path)))).toBe(digest);
      expected.set(relative(SOURCES, path), digest);
    }
    const found = await container.exec(['find', IMAGE_DIST, '-name', '*.sh', '-type', 'f']);
    const names = found.stdout.split('\n').filter(Boolean);
    expect(names.map((name) => relative(IMAGE_DIST, name)).sort()).toEqual(
      [...expected.keys()].sort(),
    );
    expect((await container.exec(['test', '-f', `${IMAGE_DIST}/cli/entry.js`])).exitCode).toBe(0);
  });
});

describe('what the image says about itself, and what it carries', () => {
  it('carries OCI labels: version, revision and time of this commit, source, base', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
      repository: { url: string };
    };
    const labels = JSON.parse(await inspect('{{json .Config.Labels}}')) as Record<string, string>;
    const head = (await run('git', ['-C', ROOT, 'rev-parse', 'HEAD'])).stdout.trim();
    const time = (await run('git', ['-C', ROOT, 'log', '-1', '--format=%cI'])).stdout.trim();
    expect(labels).toMatchObject({
      'org.opencontainers.image.version': pkg.version,
      'org.opencontainers.image.source': pkg.repository.url,
      'org.opencontainers.image.created': time,
      'org.opencontainers.image.licenses': 'Apache-2.0',
    });
    // A stale image (built from another commit) fails here: `make image` rebuilds it.
    expect(labels['org.opencontainers.image.revision']).toMatch(new RegExp(`^${head}(-dirty)?$`));
    expect(labels['org.opencontainers.image.base.name']).not.toBe('');
  });

  it('has every package of scripts/image/runtime-packages installed', async () => {
    const listed = await runtimePackages();
    expect(listed).toContain('iptables');
    const container = await longRunning();
    const shown = await container.exec([
      'dpkg-query',
      '-W',
      '-f',
      '${Package} ${Status}\n',
      ...listed,
    ]);
    expect(shown.stdout.trim().split('\n').sort()).toEqual(
      listed.map((name) => `${name} install ok installed`).sort(),
    );
  });
});
