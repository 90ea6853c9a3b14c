import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  paginateListTasks,
} from '@aws-sdk/client-ecs';
import {
  DescribeInstanceInformationCommand,
  SSMClient,
  ThrottlingException,
} from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startAwsEmulator, type AwsEmulator } from '../../../sandbox/emulator/index.js';
import { ec2InstanceIdOf, sampleFixture } from '../../../sandbox/emulator/fixtures/sample.js';
import { awsClients, BASE_CREDENTIALS, rejectionOf } from './aws-clients.js';
import { pollInvocation, runShell } from './ssm-helpers.js';

const cluster = 'ehc-cluster';
let aws: AwsEmulator;

beforeAll(async () => {
  aws = await startAwsEmulator(sampleFixture({ webTasks: 250, hosts: 3 }), {
    invocationVisibilityMs: 100,
  });
});

afterEach(() => {
  aws.knobs.set({ throttle: { rate: 0 }, latencyMs: 0 });
  aws.requests.clear();
});

afterAll(async () => {
  await aws.stop();
});

describe('throttling', () => {
  it('answers about the configured fraction of calls with ThrottlingException, reproducibly', async () => {
    const runs: boolean[][] = [];
    const { ssm, sts } = awsClients(aws.endpoint);
    for (let run = 0; run < 2; run += 1) {
      aws.knobs.set({ throttle: { rate: 0.3, seed: 42 } });
      const outcomes: boolean[] = [];
      for (let i = 0; i < 100; i += 1) {
        const call = ssm.send(new DescribeInstanceInformationCommand({}));
        outcomes.push(
          await call.then(
            () => true,
            () => false,
          ),
        );
      }
      runs.push(outcomes);
    }
    const throttled = runs[0]!.filter((ok) => !ok).length;
    expect(throttled).toBeGreaterThan(15);
    expect(throttled).toBeLessThan(45);
    expect(runs[1]).toEqual(runs[0]);
    aws.knobs.set({ throttle: { rate: 1 } });
    const error = await rejectionOf(ssm.send(new DescribeInstanceInformationCommand({})));
    expect(error).toBeInstanceOf(ThrottlingException);
    expect([error.message, error.$metadata.httpStatusCode]).toEqual(['Rate exceeded', 400]);
    const stsError = await rejectionOf(sts.send(new GetCallerIdentityCommand({})));
    expect(stsError.name).toBe('Throttling');
  });

  it('lets a discovery-and-dispatch sequence succeed at 30% with the SDK adaptive retries from the environment', async () => {
    aws.knobs.set({ throttle: { rate: 0.3, seed: 7 } });
    const saved = { ...process.env };
    process.env['AWS_RETRY_MODE'] = 'adaptive';
    process.env['AWS_MAX_ATTEMPTS'] = '10';
    const config = { endpoint: aws.endpoint, region: 'us-east-1', credentials: BASE_CREDENTIALS };
    const ecs = new ECSClient(config);
    const ssm = new SSMClient(config);
    try {
      expect(await ssm.config.maxAttempts()).toBe(10);
      expect((await ssm.config.retryStrategy()) as { mode?: string }).toMatchObject({
        mode: 'adaptive',
      });
      const arns: string[] = [];
      for await (const page of paginateListTasks(
        { client: ecs },
        { cluster, serviceName: 'web' },
      )) {
        arns.push(...(page.taskArns ?? []));
      }
      expect(arns).toHaveLength(250);
      for (let i = 0; i < arns.length; i += 100) {
        const out = await ecs.send(
          new DescribeTasksCommand({ cluster, tasks: arns.slice(i, i + 100) }),
        );
        expect(out.tasks).toHaveLength(Math.min(100, arns.length - i));
      }
      const hosts = [0, 1, 2].map(ec2InstanceIdOf);
      const id = await runShell(ssm, hosts, ['echo ok']);
      for (const host of hosts) {
        expect((await pollInvocation(ssm, id, host)).invocation.StandardOutputContent).toBe('ok\n');
      }
    } finally {
      process.env = saved;
      ecs.destroy();
      ssm.destroy();
    }
    const throttled = aws.requests
      .all()
      .filter((r) => r.errorCode === 'ThrottlingException').length;
    expect(throttled).toBeGreaterThan(3);
    expect(aws.commands.all()).toHaveLength(1);
  }, 60_000);
});

describe('latency and the request log', () => {
  it('adds the configured latency per action', async () => {
    aws.knobs.set({ latencyMs: { 'ecs:ListTasks': 300 } });
    const { ecs } = awsClients(aws.endpoint);
    const started = Date.now();
    await ecs.send(new ListTasksCommand({ cluster, maxResults: 1 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const quick = Date.now();
    await ecs.send(new DescribeTasksCommand({ cluster, tasks: ['x'] }));
    expect(Date.now() - quick).toBeLessThan(300);
  });

  it('counts every request per action, and zero when nothing was sent', async () => {
    expect(aws.requests.count()).toBe(0);
    const { ecs, sts } = awsClients(aws.endpoint);
    await ecs.send(new ListTasksCommand({ cluster }));
    await ecs.send(new ListTasksCommand({ cluster }));
    await sts.send(new GetCallerIdentityCommand({}));
    expect(aws.requests.perAction()).toEqual({ 'ecs:ListTasks': 2, 'sts:GetCallerIdentity': 1 });
    expect(aws.requests.all()[0]).toMatchObject({
      service: 'ecs',
      operation: 'ListTasks',
      accessKeyId: BASE_CREDENTIALS.accessKeyId,
      region: 'us-east-1',
      input: { cluster },
      status: 200,
    });
  });
});
