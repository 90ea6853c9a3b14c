import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTasksCommand } from '@aws-sdk/client-ecs';
import {
  AccessDeniedException,
  DescribeInstanceInformationCommand,
  SendCommandCommand,
} from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startAwsEmulator, type AwsEmulator } from '../../../sandbox/emulator/index.js';
import { ec2InstanceIdOf, sampleFixture } from '../../../sandbox/emulator/fixtures/sample.js';
import { awsClients, BASE_CREDENTIALS, rejectionOf, type Credentials } from './aws-clients.js';

const BASE_ARN = 'arn:aws:iam::123456789012:user/chaos-base';
const OTHER = { accessKeyId: 'AKIAEHCTESTOTHER0002', secretAccessKey: 'x' };
const ROLE = 'arn:aws:iam::123456789012:role/ops/EcsHttpChaos';
let aws: AwsEmulator;
let scratch: string;

beforeAll(async () => {
  aws = await startAwsEmulator({
    ...sampleFixture(),
    principals: [
      { accessKeyId: BASE_CREDENTIALS.accessKeyId, arn: BASE_ARN },
      { accessKeyId: OTHER.accessKeyId, arn: 'arn:aws:iam::123456789012:user/someone-else' },
    ],
    roles: [{ arn: ROLE, trustedPrincipalArns: [BASE_ARN, 'web-identity'] }],
  });
  scratch = await mkdtemp(join(tmpdir(), 'ehc-aws-auth-'));
});

afterEach(() => {
  aws.knobs.set({ deny: [] });
});

afterAll(async () => {
  await aws.stop();
  await rm(scratch, { recursive: true, force: true });
});

async function assumeRole(sessionName: string): Promise<Credentials> {
  const { sts } = awsClients(aws.endpoint);
  const out = await sts.send(
    new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: sessionName }),
  );
  sts.destroy();
  const c = out.Credentials;
  return {
    accessKeyId: c?.AccessKeyId ?? '',
    secretAccessKey: c?.SecretAccessKey ?? '',
    sessionToken: c?.SessionToken ?? '',
  };
}

describe('SigV4 and identities', () => {
  it('rejects an unsigned request with the coral error shape, on the wire and through the SDK', async () => {
    const raw = await fetch(aws.endpoint, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListTasks',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{}',
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({
      __type: 'com.amazon.coral.service#MissingAuthenticationTokenException',
      message: 'Request is missing Authentication Token',
    });
    const { ecs } = awsClients(aws.endpoint);
    ecs.middlewareStack.add(
      (next) => (args) => {
        delete (args.request as { headers: Record<string, string> }).headers['authorization'];
        return next(args);
      },
      { step: 'deserialize', name: 'dropAuthorization' },
    );
    const error = await rejectionOf(ecs.send(new ListTasksCommand({ cluster: 'ehc-cluster' })));
    ecs.destroy();
    expect(error.name).toBe('MissingAuthenticationTokenException');
  });

  it('refuses a signature scoped to another service', async () => {
    const raw = await fetch(aws.endpoint, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AmazonSSM.DescribeInstanceInformation',
        'content-type': 'application/x-amz-json-1.1',
        authorization:
          `AWS4-HMAC-SHA256 Credential=${BASE_CREDENTIALS.accessKeyId}/20260101/us-east-1/ecs/aws4_request, ` +
          'SignedHeaders=host, Signature=00',
      },
      body: '{}',
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({
      __type: 'com.amazon.coral.service#InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'ssm'. ",
    });
  });

  it('refuses an unknown access key as ECS and STS do', async () => {
    const stranger = { accessKeyId: 'AKIAEHCTESTUNKNOWN99', secretAccessKey: 'x' };
    const { ecs, sts } = awsClients(aws.endpoint, { credentials: stranger });
    const ecsError = await rejectionOf(ecs.send(new ListTasksCommand({ cluster: 'ehc-cluster' })));
    const stsError = await rejectionOf(sts.send(new GetCallerIdentityCommand({})));
    expect(ecsError.name).toBe('UnrecognizedClientException');
    expect(stsError.name).toBe('InvalidClientTokenId');
    expect(stsError.$metadata.httpStatusCode).toBe(403);
  });

  it('answers GetCallerIdentity from the access key that signed the request', async () => {
    const base = await awsClients(aws.endpoint).sts.send(new GetCallerIdentityCommand({}));
    const other = await awsClients(aws.endpoint, { credentials: OTHER }).sts.send(
      new GetCallerIdentityCommand({}),
    );
    expect(base).toMatchObject({
      Arn: BASE_ARN,
      Account: '123456789012',
      UserId: expect.stringMatching(/^AIDA/),
    });
    expect(other.Arn).toBe('arn:aws:iam::123456789012:user/someone-else');
  });

  it('issues temporary credentials whose calls carry the assumed-role identity', async () => {
    const temporary = await assumeRole('ehc-chaos-uid-1234');
    expect(temporary.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    const { sts, ssm } = awsClients(aws.endpoint, { credentials: temporary });
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe('arn:aws:sts::123456789012:assumed-role/EcsHttpChaos/ehc-chaos-uid-1234');
    await ssm.send(new DescribeInstanceInformationCommand({}));
    expect(aws.requests.of('ssm:DescribeInstanceInformation').at(-1)?.principalArn).toBe(me.Arn);
    const withoutToken = {
      accessKeyId: temporary.accessKeyId,
      secretAccessKey: temporary.secretAccessKey,
    };
    const noToken = awsClients(aws.endpoint, { credentials: withoutToken }).sts;
    expect((await rejectionOf(noToken.send(new GetCallerIdentityCommand({})))).name).toBe(
      'InvalidClientTokenId',
    );
  });

  it('validates RoleSessionName and refuses roles the caller may not assume', async () => {
    const { sts } = awsClients(aws.endpoint);
    const bad = await rejectionOf(
      sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'has space' })),
    );
    expect(bad.name).toBe('ValidationError');
    expect(bad.message).toMatch(/'roleSessionName' failed to satisfy constraint: .*pattern/);
    const short = await rejectionOf(
      sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'x' })),
    );
    expect(short.message).toMatch(/length greater than or equal to 2/);
    const otherRole = 'arn:aws:iam::123456789012:role/Admin';
    const denied = await rejectionOf(
      sts.send(new AssumeRoleCommand({ RoleArn: otherRole, RoleSessionName: 'ok' })),
    );
    expect(denied.name).toBe('AccessDenied');
    expect(denied.message).toContain(
      `not authorized to perform: sts:AssumeRole on resource: ${otherRole}`,
    );
    const untrusted = awsClients(aws.endpoint, { credentials: OTHER }).sts;
    const refused = await rejectionOf(
      untrusted.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'ok' })),
    );
    expect(refused.name).toBe('AccessDenied');
  });

  it('refuses expired temporary credentials', async () => {
    const temporary = await assumeRole('ehc-expiring');
    aws.identities.expireSessions();
    const { ecs } = awsClients(aws.endpoint, { credentials: temporary });
    const error = await rejectionOf(ecs.send(new ListTasksCommand({ cluster: 'ehc-cluster' })));
    expect(error.name).toBe('ExpiredTokenException');
  });
});

describe('access denied knob', () => {
  it('denies the named action with the message naming it, and only that action', async () => {
    aws.knobs.set({ deny: [{ action: 'ssm:SendCommand' }] });
    const { ssm } = awsClients(aws.endpoint);
    const send = new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [ec2InstanceIdOf(0)],
      Parameters: { commands: ['true'] },
    });
    const error = await rejectionOf(ssm.send(send));
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toBe(
      `User: ${BASE_ARN} is not authorized to perform: ssm:SendCommand on resource: ` +
        `arn:aws:ec2:us-east-1:123456789012:instance/${ec2InstanceIdOf(0)} ` +
        'because no identity-based policy allows the ssm:SendCommand action',
    );
    expect(aws.commands.all()).toHaveLength(0);
    await expect(ssm.send(new DescribeInstanceInformationCommand({}))).resolves.toBeDefined();
  });

  it('can deny one principal and let the assumed role through', async () => {
    aws.knobs.set({ deny: [{ action: 'ecs:ListTasks', principalArn: BASE_ARN }] });
    const base = awsClients(aws.endpoint).ecs;
    expect(
      (await rejectionOf(base.send(new ListTasksCommand({ cluster: 'ehc-cluster' })))).name,
    ).toBe('AccessDeniedException');
    const assumed = awsClients(aws.endpoint, { credentials: await assumeRole('ehc-allowed') }).ecs;
    await expect(
      assumed.send(new ListTasksCommand({ cluster: 'ehc-cluster' })),
    ).resolves.toBeDefined();
  });
});

describe('SDK endpoint and credential configuration', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('serves clients configured only by AWS_ENDPOINT_URL and the IRSA web identity variables', async () => {
    const tokenFile = join(scratch, 'token');
    const claims = Buffer.from(
      JSON.stringify({ sub: 'system:serviceaccount:litmus:ehc' }),
    ).toString('base64url');
    await writeFile(tokenFile, `eyJhbGciOiJSUzI1NiJ9.${claims}.c2ln`);
    process.env = {
      PATH: saved['PATH'] ?? '',
      AWS_ENDPOINT_URL: aws.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ROLE_ARN: ROLE,
      AWS_ROLE_SESSION_NAME: 'ehc-irsa',
      AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
      AWS_CONFIG_FILE: join(scratch, 'absent-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'absent-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const sts = new STSClient({});
    const me = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    expect(me.Arn).toBe('arn:aws:sts::123456789012:assumed-role/EcsHttpChaos/ehc-irsa');
    expect(aws.requests.of('sts:AssumeRoleWithWebIdentity').at(-1)?.accessKeyId).toBeUndefined();
  });
});
