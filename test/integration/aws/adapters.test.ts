import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectAws, type AwsConnection } from '../../../src/aws/connect.js';
import { loadRunConfig } from '../../../src/config/load-config.js';
import { ChaosError } from '../../../src/errors/chaos-error.js';
import { startAwsEmulator, type AwsEmulator } from '../../../sandbox/emulator/index.js';
import { ec2InstanceIdOf, sampleFixture } from '../../../sandbox/emulator/fixtures/sample.js';
import { withSdkEnv } from './env.js';

const KEYS = { AWS_ACCESS_KEY_ID: 'AKIAEHCADAPTERS00001', AWS_SECRET_ACCESS_KEY: 'not-a-secret' };
const config = loadRunConfig(
  { CLUSTER_NAME: 'ehc-cluster', REGION: 'us-east-1', SERVICE_NAME: 'web', CHAOS_UID: 'adapters' },
  { int: () => 0 },
);
let aws: AwsEmulator;
let connection: AwsConnection;
let restore: () => void;

beforeAll(async () => {
  // 250 tasks: three pages of ListTasks, three batches of DescribeTasks.
  aws = await startAwsEmulator(sampleFixture({ webTasks: 250, hosts: 60, awsvpcTasks: 2 }));
  restore = withSdkEnv({ ...KEYS, AWS_ENDPOINT_URL: aws.endpoint });
  connection = await connectAws(
    config,
    { phaseOf: () => 'preflight', signalOf: () => new AbortController().signal },
    Date.now,
  );
});

afterAll(async () => {
  connection.close();
  restore();
  await aws.stop();
});

describe('EcsAdapter against the emulator, through the real SDK', () => {
  it('follows every page of ListTasks and describes in batches of 100', async () => {
    aws.requests.clear();
    const arns = await connection.ecs.listServiceTasks('ehc-cluster', 'web');
    expect(arns).toHaveLength(250);
    expect(aws.requests.count('ecs:ListTasks')).toBe(3);
    const described = await connection.ecs.describeTasks('ehc-cluster', arns);
    expect(described.found).toHaveLength(250);
    expect(aws.requests.count('ecs:DescribeTasks')).toBe(3);
    for (const request of aws.requests.of('ecs:DescribeTasks')) {
      expect((request.input as { tasks: string[] }).tasks.length).toBeLessThanOrEqual(100);
    }
    // The network mode comes from DescribeTasks itself (ADR 0154).
    expect(aws.requests.count('ecs:DescribeTaskDefinition')).toBe(0);
    expect(described.found[0]).toMatchObject({
      networkMode: 'bridge',
      launchType: 'EC2',
      lastStatus: 'RUNNING',
    });
  });

  it('reads awsvpc from the ENI attachment and reports missing tasks', async () => {
    const arns = await connection.ecs.listServiceTasks('ehc-cluster', 'api');
    const described = await connection.ecs.describeTasks('ehc-cluster', [...arns, 'f'.repeat(32)]);
    expect(described.found.map((task) => task.networkMode)).toEqual(['awsvpc', 'awsvpc']);
    expect(described.missing).toEqual([
      { ref: expect.stringContaining('f'.repeat(32)), reason: 'MISSING' },
    ]);
  });

  it('maps container instances to EC2 ids, 100 per call', async () => {
    const arns = await connection.ecs.listServiceTasks('ehc-cluster', 'web');
    const tasks = await connection.ecs.describeTasks('ehc-cluster', arns);
    const instances = [...new Set(tasks.found.map((task) => task.containerInstanceArn ?? ''))];
    const found = await connection.ecs.describeContainerInstances('ehc-cluster', instances);
    expect(found.found.map((one) => one.ec2InstanceId).sort()).toEqual(
      Array.from({ length: 60 }, (_, i) => ec2InstanceIdOf(i)).sort(),
    );
  });

  it('answers undefined for a cluster that does not exist', async () => {
    expect(await connection.ecs.describeCluster('nope')).toBeUndefined();
    expect(await connection.ecs.describeCluster('ehc-cluster')).toMatchObject({ status: 'ACTIVE' });
  });
});

describe('SsmAdapter against the emulator', () => {
  it('describes managed instances 50 at a time, with their PingStatus', async () => {
    aws.state.setPingStatus(ec2InstanceIdOf(7), 'ConnectionLost');
    const ids = Array.from({ length: 60 }, (_, i) => ec2InstanceIdOf(i));
    const found = await connection.ssm.describeInstances([...ids, 'i-0000000000000dead']);
    expect(found).toHaveLength(60);
    expect(found.find((one) => one.instanceId === ec2InstanceIdOf(7))?.pingStatus).toBe(
      'ConnectionLost',
    );
    aws.state.setPingStatus(ec2InstanceIdOf(7), 'Online');
  });

  it('sends AWS-RunShellScript, lists and reads invocations, InvocationDoesNotExist as undefined', async () => {
    aws.knobs.set({ invocationVisibilityMs: 1_000 });
    const instanceIds = [ec2InstanceIdOf(0), ec2InstanceIdOf(1)];
    const { commandId } = await connection.ssm.sendCommand({
      instanceIds,
      commands: ["P='aGkK'", 'printf "%s on %s\\n" "$P" "$AWS_SSM_INSTANCE_ID"'],
      deliveryTimeoutSeconds: 30,
      executionTimeoutSeconds: 30,
      comment: 'ecs-http-chaos test',
    });
    expect(await connection.ssm.getInvocation(commandId, instanceIds[0]!)).toBeUndefined();
    expect(await connection.ssm.listInvocations(commandId)).toEqual([]);
    await aws.commands.settled(commandId);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const rows = await connection.ssm.listInvocations(commandId);
    expect(rows.map((row) => row.status)).toEqual(['Success', 'Success']);
    const invocation = await connection.ssm.getInvocation(commandId, instanceIds[1]!);
    expect(invocation).toMatchObject({
      status: 'Success',
      responseCode: 0,
      stdout: `aGkK on ${instanceIds[1]!}\n`,
    });
    const sent = aws.requests.of('ssm:SendCommand').at(-1)?.input as Record<string, unknown>;
    expect(sent).toMatchObject({
      DocumentName: 'AWS-RunShellScript',
      TimeoutSeconds: 30,
      Parameters: { executionTimeout: ['30'] },
    });
    aws.knobs.set({ invocationVisibilityMs: 400 });
  });

  it('cancels a running command', async () => {
    const instanceIds = [ec2InstanceIdOf(2)];
    const { commandId } = await connection.ssm.sendCommand({
      instanceIds,
      commands: ["P='aGkK'", 'sleep 30'],
      deliveryTimeoutSeconds: 30,
      executionTimeoutSeconds: 60,
      comment: 'ecs-http-chaos test',
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    await connection.ssm.cancelCommand(commandId);
    const record = await aws.commands.settled(commandId, 10_000);
    expect(record.invocations.get(instanceIds[0]!)?.status).toBe('Cancelled');
  });
});

describe('failures become ChaosErrors naming the call', () => {
  it('AccessDenied names the missing IAM action and the phase', async () => {
    aws.knobs.set({ deny: [{ action: 'ecs:ListTasks' }] });
    const error = await connection.ecs
      .listServiceTasks('ehc-cluster', 'web')
      .catch((e: unknown) => e);
    aws.knobs.set({ deny: [] });
    expect(error).toBeInstanceOf(ChaosError);
    const chaos = error as ChaosError;
    expect(chaos.code).toBe('PREFLIGHT_ERROR');
    expect(chaos.phase).toBe('preflight');
    expect(chaos.target).toBe('web');
    expect(chaos.reason).toContain('missing IAM permission ecs:ListTasks');
    expect(chaos.fix).toContain('allow the IAM action ecs:ListTasks');
  });

  it('rides out 30% throttling with adaptive retries', async () => {
    aws.knobs.set({ throttle: { rate: 0.3, seed: 11 } });
    aws.requests.clear();
    for (let round = 0; round < 3; round += 1) {
      const arns = await connection.ecs.listServiceTasks('ehc-cluster', 'web');
      const described = await connection.ecs.describeTasks('ehc-cluster', arns);
      expect(described.found).toHaveLength(250);
    }
    aws.knobs.set({ throttle: { rate: 0 } });
    const throttled = aws.requests.all().filter((r) => r.errorCode === 'ThrottlingException');
    expect(throttled.length).toBeGreaterThan(0);
  }, 120_000);
});
