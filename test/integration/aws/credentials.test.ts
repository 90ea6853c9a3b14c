import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveCredentials } from '../../../src/aws/credentials.js';
import type { AwsConfig } from '../../../src/config/run-config.js';
import { ChaosError } from '../../../src/errors/chaos-error.js';
import { startAwsEmulator, type AwsEmulator } from '../../../sandbox/emulator/index.js';
import { sampleFixture } from '../../../sandbox/emulator/fixtures/sample.js';
import { withSdkEnv } from './env.js';

/** No call here is ever abandoned: the run's signal never fires. */
const NEVER = (): AbortSignal => new AbortController().signal;
const ROLE = 'arn:aws:iam::123456789012:role/ops/EcsHttpChaos';
const BASE: AwsConfig = {
  region: 'us-east-1',
  assumeRoleArn: undefined,
  authenticationSecret: undefined,
  credentialsFile: undefined,
  maxCommandBytes: 32768,
  ssmCallsPerSecond: 4,
};
let aws: AwsEmulator;
let scratch: string;
let restore: (() => void) | undefined;

beforeAll(async () => {
  aws = await startAwsEmulator(sampleFixture());
  scratch = await mkdtemp(join(tmpdir(), 'ehc-credentials-'));
});

afterEach(() => {
  restore?.();
  restore = undefined;
  aws.knobs.set({ deny: [] });
});

afterAll(async () => {
  await aws.stop();
  await rm(scratch, { recursive: true, force: true });
});

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as ChaosError,
  );

describe('phase credentials against the emulator (AWS_ENDPOINT_URL, real SDK chain)', () => {
  it('uses the default chain (environment keys) and logs who that is', async () => {
    restore = withSdkEnv({
      AWS_ENDPOINT_URL: aws.endpoint,
      AWS_ACCESS_KEY_ID: 'AKIAEHCENVKEYS000001',
      AWS_SECRET_ACCESS_KEY: 'x',
    });
    const resolved = await resolveCredentials(BASE, 'ehc-run', Date.now, NEVER);
    expect(resolved.identity.arn).toBe('arn:aws:iam::123456789012:user/AKIAEHCENVKEYS000001');
    expect(resolved.source).toContain('default chain');
  });

  it('reads the mounted secret file that AWS_AUTHENTICATION_SECRET names', async () => {
    const file = join(scratch, 'cloud_config.yml');
    await writeFile(
      file,
      '[default]\naws_access_key_id = AKIAEHCSECRETFILE001\naws_secret_access_key = y\n',
    );
    restore = withSdkEnv({ AWS_ENDPOINT_URL: aws.endpoint });
    const resolved = await resolveCredentials(
      {
        ...BASE,
        authenticationSecret: 'cloud-secret',
        credentialsFile: { path: file, source: 'secret' },
      },
      'ehc-run',
      Date.now,
      NEVER,
    );
    expect(resolved.identity.arn).toBe('arn:aws:iam::123456789012:user/AKIAEHCSECRETFILE001');
    expect(resolved.source).toContain('secret cloud-secret');
  });

  it('ignores a credentials file that does not exist, as Litmus does, and says so (ADR 0155)', async () => {
    restore = withSdkEnv({
      AWS_ENDPOINT_URL: aws.endpoint,
      AWS_ACCESS_KEY_ID: 'AKIAEHCCHAINAFTERFIL',
      AWS_SECRET_ACCESS_KEY: 'x',
    });
    const resolved = await resolveCredentials(
      { ...BASE, credentialsFile: { path: join(scratch, 'absent.yml'), source: 'explicit' } },
      'ehc-run',
      Date.now,
      NEVER,
    );
    expect(resolved.identity.arn).toBe('arn:aws:iam::123456789012:user/AKIAEHCCHAINAFTERFIL');
    expect(resolved.warning).toContain(
      `AWS_SHARED_CREDENTIALS_FILE=${join(scratch, 'absent.yml')}, but it does not exist: ignored, as Litmus does`,
    );
  });

  it('a missing secret file and nothing else in the chain: the error names the secret first, before any request', async () => {
    restore = withSdkEnv({ AWS_ENDPOINT_URL: aws.endpoint });
    aws.requests.clear();
    const error = await errorOf(
      resolveCredentials(
        {
          ...BASE,
          authenticationSecret: 'cloud-secret',
          credentialsFile: { path: join(scratch, 'absent.yml'), source: 'secret' },
        },
        'ehc-run',
        Date.now,
        NEVER,
      ),
    );
    expect(error.code).toBe('CREDENTIALS_ERROR');
    expect(error.phase).toBe('credentials');
    expect(error.reason).toMatch(
      /^AWS_AUTHENTICATION_SECRET=cloud-secret means its credentials file/,
    );
    expect(aws.requests.count()).toBe(0);
  });

  it('assumes ASSUME_ROLE_ARN on top, with a session name carrying the chaos id', async () => {
    restore = withSdkEnv({
      AWS_ENDPOINT_URL: aws.endpoint,
      AWS_ACCESS_KEY_ID: 'AKIAEHCBASEKEYS00001',
      AWS_SECRET_ACCESS_KEY: 'x',
    });
    aws.requests.clear();
    const resolved = await resolveCredentials(
      { ...BASE, assumeRoleArn: ROLE },
      '1b4e28ba-2fa1-11d2-883f-0016d3cca427',
      Date.now,
      NEVER,
    );
    expect(resolved.identity.arn).toBe(
      'arn:aws:sts::123456789012:assumed-role/EcsHttpChaos/ehc-1b4e28ba-2fa1-11d2-883f-0016d3cca427',
    );
    const [assume] = aws.requests.of('sts:AssumeRole');
    expect(assume?.principalArn).toBe('arn:aws:iam::123456789012:user/AKIAEHCBASEKEYS00001');
    // The identity logged is the one that acts: GetCallerIdentity signed with the role.
    expect(aws.requests.of('sts:GetCallerIdentity')[0]?.accessKeyId).toMatch(/^ASIA/);
  });

  it('works from IRSA (web identity token) with a role assumed on top', async () => {
    const token = join(scratch, 'token');
    const claims = Buffer.from(
      JSON.stringify({ sub: 'system:serviceaccount:litmus:chaos' }),
    ).toString('base64url');
    await writeFile(token, `eyJhbGciOiJSUzI1NiJ9.${claims}.c2ln`);
    restore = withSdkEnv({
      AWS_ENDPOINT_URL: aws.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/irsa-base',
      AWS_WEB_IDENTITY_TOKEN_FILE: token,
    });
    aws.requests.clear();
    const resolved = await resolveCredentials(
      { ...BASE, assumeRoleArn: ROLE },
      'irsa-run',
      Date.now,
      NEVER,
    );
    expect(resolved.identity.arn).toBe(
      'arn:aws:sts::123456789012:assumed-role/EcsHttpChaos/ehc-irsa-run',
    );
    expect(aws.requests.count('sts:AssumeRoleWithWebIdentity')).toBe(1);
    const [assume] = aws.requests.of('sts:AssumeRole');
    expect(assume?.principalArn).toMatch(/assumed-role\/irsa-base\//);
  });

  it('names sts:AssumeRole when the base identity may not assume the role', async () => {
    restore = withSdkEnv({
      AWS_ENDPOINT_URL: aws.endpoint,
      AWS_ACCESS_KEY_ID: 'AKIAEHCBASEKEYS00001',
      AWS_SECRET_ACCESS_KEY: 'x',
    });
    aws.knobs.set({ deny: [{ action: 'sts:AssumeRole' }] });
    const error = await errorOf(
      resolveCredentials({ ...BASE, assumeRoleArn: ROLE }, 'ehc-run', Date.now, NEVER),
    );
    expect(error.code).toBe('CREDENTIALS_ERROR');
    expect(error.reason).toContain('missing IAM permission sts:AssumeRole');
  });

  it('fails with CREDENTIALS_ERROR when no source has credentials', async () => {
    restore = withSdkEnv({ AWS_ENDPOINT_URL: aws.endpoint });
    const error = await errorOf(resolveCredentials(BASE, 'ehc-run', Date.now, NEVER));
    expect(error).toBeInstanceOf(ChaosError);
    expect(error.code).toBe('CREDENTIALS_ERROR');
    expect(error.phase).toBe('credentials');
  });
});
