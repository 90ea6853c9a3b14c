// How the host script gets LIB_IMAGE: INSTALL_DEPENDENCIES and LIB_IMAGE_PULL_POLICY
// together (ADR 0158), and from ECR, where it logs in with
// `aws ecr get-login-password | docker login --password-stdin` into a throw-away client
// config, pulls with it and removes it. ECR cannot be reached from here, so `aws` and
// `docker` are small hand-written fakes on PATH that record what they were asked; the
// real pull path is tested against a registry in test/integration/host/refusals.test.ts
// and test/integration/host/pull-policy.test.ts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encodePayload, type PayloadHeader } from '../../../src/host/payload.js';
import { parseHostOutput } from '../../../src/host/payload-output.js';

const SCRIPT = readFileSync(join(resolve('.'), 'src/host/host.sh'), 'utf8');
const INSTANCE = 'i-0123456789abcdef0';
const ARN = 'arn:aws:ecs:eu-west-1:123456789012:task/shop/0123456789abcdef0123456789abcdef';
const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const ECR_IMAGE = `${REGISTRY}/ehc/ecs-http-chaos:1.0`;
const RUNTIME_ID = 'a'.repeat(64);

// Answers like docker for the calls before the reaper starts; `run` fails, which ends
// the inject there (undo, exit 1). FAKE_PULL=fail makes the pull fail; FAKE_HERE=1 makes
// LIB_IMAGE present (image inspect).
const FAKE_DOCKER = `#!/bin/sh
log=$FAKE_DIR/docker.log
case $1 in
  version) echo 20.10.24 ;;
  inspect) [ "$2" = --type ] && case $6 in ehc-*) exit 1 ;; esac
    echo "${RUNTIME_ID}|true|running|default|${ARN}|web" ;;
  ps) ;;
  image) [ "\${FAKE_HERE:-}" = 1 ] || exit 1; echo 1 ;;
  login) echo "$* stdin=$(cat) config=\${DOCKER_CONFIG:-none}" >>"$log" ;;
  pull) echo "$* config=\${DOCKER_CONFIG:-none} dir=$([ -d "\${DOCKER_CONFIG:-/nonexistent}" ] && echo yes)" >>"$log"
    [ "\${FAKE_PULL:-}" != fail ] || { echo "Error response from daemon: manifest unknown" >&2; exit 1; } ;;
  run) echo "fake docker: no run here" >&2; exit 1 ;;
  *) ;;
esac
`;
const FAKE_AWS = `#!/bin/sh
echo "$*" >>"$FAKE_DIR/aws.log"
printf ecr-token-123
`;

let dir: string;

function payloadFor(image: string, over: Partial<PayloadHeader>): string {
  return encodePayload({
    header: {
      mode: 'inject',
      chaosId: 'exp-ecr',
      libImage: image,
      installDependencies: true,
      pullPolicy: 'IfNotPresent',
      drainSeconds: 1,
      graceSeconds: 5,
      ...over,
    },
    targets: [
      {
        instanceId: INSTANCE,
        clusterName: 'shop',
        taskArn: ARN,
        containerName: 'web',
        runtimeId: RUNTIME_ID,
        networkMode: 'bridge',
        targetPort: 8080,
        proxyPort: 20000,
        resetTimeoutMs: 1000,
        networkInterface: 'auto',
        toxicity: 100,
        deadlineMs: (Math.floor(Date.now() / 1000) + 600) * 1000,
      },
    ],
  });
}

async function run(
  image: string,
  bins: string,
  env: Record<string, string> = {},
  over: Partial<PayloadHeader> = {},
) {
  await rm(join(dir, 'docker.log'), { force: true });
  await rm(join(dir, 'aws.log'), { force: true });
  return new Promise<{ code: number; stdout: string }>((done) => {
    execFile(
      'sh',
      ['-c', `P='${payloadFor(image, over)}'\n${SCRIPT}`],
      {
        env: {
          PATH: `${join(dir, bins)}:/usr/bin:/bin`,
          AWS_SSM_INSTANCE_ID: INSTANCE,
          ECS_HTTP_CHAOS_STATE_DIR: join(dir, 'state'),
          ECS_HOST_DATA_DIR: join(dir, 'ecs'),
          FAKE_DIR: dir,
          TMPDIR: join(dir, 'tmp'),
          ...env,
        },
      },
      (error, stdout) => {
        done({ code: error === null ? 0 : Number(error.code), stdout });
      },
    );
  });
}

const logOf = (name: string) => readFile(join(dir, name), 'utf8').catch(() => '');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ehc-unit-ecr-'));
  await mkdir(join(dir, 'tmp'));
  for (const [bins, withAws] of [
    ['with-aws', true],
    ['no-aws', false],
  ] as const) {
    await mkdir(join(dir, bins));
    await writeFile(join(dir, bins, 'docker'), FAKE_DOCKER);
    await chmod(join(dir, bins, 'docker'), 0o755);
    if (withAws) {
      await writeFile(join(dir, bins, 'aws'), FAKE_AWS);
      await chmod(join(dir, bins, 'aws'), 0o755);
    }
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('LIB_IMAGE in ECR with INSTALL_DEPENDENCIES=true', () => {
  it('logs in with the token from aws, pulls with that config, and removes it', async () => {
    const outcome = await run(ECR_IMAGE, 'with-aws');
    expect(await logOf('aws.log')).toBe('ecr get-login-password --region eu-west-1\n');
    const [login, pull] = (await logOf('docker.log')).trim().split('\n');
    const config = /config=(\S+)/.exec(login ?? '')?.[1] ?? '';
    expect(login).toBe(
      `login --username AWS --password-stdin ${REGISTRY} stdin=ecr-token-123 config=${config}`,
    );
    expect(config.startsWith(join(dir, 'tmp'))).toBe(true);
    expect(pull).toBe(`pull ${ECR_IMAGE} config=${config} dir=yes`);
    expect(existsSync(config)).toBe(false);
    // The inject went on to the reaper, where the fake docker stops it.
    const report = parseHostOutput(outcome.stdout, { instanceId: INSTANCE });
    expect(outcome.code).toBe(1);
    expect(report.hostErrors.map((error) => error.step)).toEqual(['reaper']);
  });

  it('without an aws CLI pulls with the host client config as it is', async () => {
    await run(ECR_IMAGE, 'no-aws');
    expect(await logOf('docker.log')).toBe(`pull ${ECR_IMAGE} config=none dir=\n`);
  });

  it('a failed pull is one image error naming the image and the registry answer', async () => {
    const outcome = await run(ECR_IMAGE, 'with-aws', { FAKE_PULL: 'fail' });
    const report = parseHostOutput(outcome.stdout, { instanceId: INSTANCE });
    expect(outcome.code).toBe(1);
    expect(report.hostErrors).toEqual([
      {
        step: 'image',
        reason: `pulling LIB_IMAGE ${ECR_IMAGE} (LIB_IMAGE_PULL_POLICY=IfNotPresent) failed: Error response from daemon: manifest unknown`,
      },
    ]);
  });

  it('an image outside ECR is pulled without a login', async () => {
    await run('registry.example:5000/ehc/ecs-http-chaos:1.0', 'with-aws');
    expect(await logOf('aws.log')).toBe('');
    expect(await logOf('docker.log')).toBe(
      'pull registry.example:5000/ehc/ecs-http-chaos:1.0 config=none dir=\n',
    );
  });
});

describe('INSTALL_DEPENDENCIES with LIB_IMAGE_PULL_POLICY (ADR 0158)', () => {
  const IMAGE = 'registry.example:5000/ehc/ecs-http-chaos:1.0';
  const PULLED = `pull ${IMAGE} config=none dir=\n`;
  interface Case {
    readonly install: boolean;
    readonly policy: PayloadHeader['pullPolicy'];
    /** LIB_IMAGE is on the host already. */
    readonly here: boolean;
    readonly pulls: boolean;
    /** The image error expected; undefined: the inject goes on past the image. */
    readonly refused?: RegExp;
  }
  const cases: Case[] = [
    { install: true, policy: 'Always', here: true, pulls: true },
    { install: true, policy: 'Always', here: false, pulls: true },
    { install: true, policy: 'IfNotPresent', here: true, pulls: false },
    { install: true, policy: 'IfNotPresent', here: false, pulls: true },
    { install: true, policy: 'Never', here: true, pulls: false },
    {
      install: true,
      policy: 'Never',
      here: false,
      pulls: false,
      refused: /not on this host and LIB_IMAGE_PULL_POLICY=Never: pull it/,
    },
    { install: false, policy: 'Always', here: true, pulls: false },
    {
      install: false,
      policy: 'Always',
      here: false,
      pulls: false,
      refused: /not on this host and INSTALL_DEPENDENCIES=false: pull it/,
    },
    {
      install: false,
      policy: 'IfNotPresent',
      here: false,
      pulls: false,
      refused: /not on this host and INSTALL_DEPENDENCIES=false/,
    },
    { install: false, policy: 'Never', here: true, pulls: false },
  ];

  it.each(cases)(
    'INSTALL_DEPENDENCIES=$install, $policy, on the host: $here: pulls $pulls',
    async ({ install, policy, here, pulls, refused }) => {
      const outcome = await run(IMAGE, 'no-aws', here ? { FAKE_HERE: '1' } : {}, {
        installDependencies: install,
        pullPolicy: policy,
      });
      expect(await logOf('docker.log')).toBe(pulls ? PULLED : '');
      const report = parseHostOutput(outcome.stdout, { instanceId: INSTANCE });
      expect(outcome.code).toBe(1);
      if (refused === undefined) {
        // Past the image: the fake docker stops the inject at the reaper's `docker run`.
        expect(report.hostErrors.map((error) => error.step)).toEqual(['reaper']);
      } else {
        expect(report.hostErrors).toEqual([
          { step: 'image', reason: expect.stringMatching(refused) as unknown },
        ]);
      }
    },
  );

  it('Always with the tag on the host: a failed pull fails the inject and says the tag is there', async () => {
    const outcome = await run(
      IMAGE,
      'no-aws',
      { FAKE_HERE: '1', FAKE_PULL: 'fail' },
      {
        pullPolicy: 'Always',
      },
    );
    expect(outcome.code).toBe(1);
    expect(parseHostOutput(outcome.stdout, { instanceId: INSTANCE }).hostErrors).toEqual([
      {
        step: 'image',
        reason: `pulling LIB_IMAGE ${IMAGE} (LIB_IMAGE_PULL_POLICY=Always; the tag is here) failed: Error response from daemon: manifest unknown`,
      },
    ]);
  });
});
