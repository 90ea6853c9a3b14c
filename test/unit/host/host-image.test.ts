// INSTALL_DEPENDENCIES=true with LIB_IMAGE in ECR: the host script logs in with
// `aws ecr get-login-password | docker login --password-stdin` into a throw-away client
// config, pulls with it and removes it. ECR cannot be reached from here, so `aws` and
// `docker` are small hand-written fakes on PATH that record what they were asked; the
// real pull path is tested against a registry in test/integration/host/refusals.test.ts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encodePayload } from '../../../src/host/payload.js';
import { parseHostOutput } from '../../../src/host/payload-output.js';

const SCRIPT = readFileSync(join(resolve('.'), 'src/host/host.sh'), 'utf8');
const INSTANCE = 'i-0123456789abcdef0';
const ARN = 'arn:aws:ecs:eu-west-1:123456789012:task/shop/0123456789abcdef0123456789abcdef';
const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const ECR_IMAGE = `${REGISTRY}/ehc/ecs-http-chaos:1.0`;
const RUNTIME_ID = 'a'.repeat(64);

// Answers like docker for the calls before the reaper starts; `run` fails, which ends
// the inject there (undo, exit 1). FAKE_PULL=fail makes the pull fail.
const FAKE_DOCKER = `#!/bin/sh
log=$FAKE_DIR/docker.log
case $1 in
  version) echo 20.10.24 ;;
  inspect) [ "$2" = --type ] && case $6 in ehc-*) exit 1 ;; esac
    echo "${RUNTIME_ID}|true|running|default|${ARN}|web" ;;
  ps) ;;
  image) exit 1 ;;
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

function payloadFor(image: string): string {
  return encodePayload({
    header: {
      mode: 'inject',
      chaosId: 'exp-ecr',
      libImage: image,
      installDependencies: true,
      drainSeconds: 1,
      graceSeconds: 5,
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

async function run(image: string, bins: string, env: Record<string, string> = {}) {
  await rm(join(dir, 'docker.log'), { force: true });
  await rm(join(dir, 'aws.log'), { force: true });
  return new Promise<{ code: number; stdout: string }>((done) => {
    execFile(
      'sh',
      ['-c', `P='${payloadFor(image)}'\n${SCRIPT}`],
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
        reason: `INSTALL_DEPENDENCIES=true but pulling LIB_IMAGE ${ECR_IMAGE} failed: Error response from daemon: manifest unknown`,
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
