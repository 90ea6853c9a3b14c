// The emulator at scale through the real SDK (ADRs 0190, 0191): a generated world of many
// tasks on many simulated hosts, commands answered with host.sh's lines after the
// configured delay, and the account's rate buckets answering ThrottlingException as the
// services do.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { DescribeTasksCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import {
  CancelCommandCommand,
  ListCommandInvocationsCommand,
  SendCommandCommand,
  ThrottlingException as SsmThrottlingException,
} from '@aws-sdk/client-ssm';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FaultConfig } from '../../../src/config/run-config.js';
import { commandTextFor } from '../../../src/experiment/commands.js';
import type { Target } from '../../../src/experiment/types.js';
import { parseHostOutput } from '../../../src/host/payload-output.js';
import { startAwsEmulator, type AwsEmulator } from '../../../sandbox/emulator/index.js';
import { ec2InstanceIdOf, taskIdOf } from '../../../sandbox/emulator/fixtures/sample.js';
import { SCALE_CLUSTER, scaleFixture } from '../../../sandbox/emulator/fixtures/scale.js';
import { awsClients, rejectionOf } from './aws-clients.js';
import { pollInvocation } from './ssm-helpers.js';

const SCRIPT = readFileSync(resolve('src/host/host.sh'), 'utf8');
const TASKS = 400;
const HOSTS = 100;
const FAULT: FaultConfig = {
  targetPort: 80,
  proxyPort: 20000,
  resetTimeoutMs: 1000,
  networkInterface: 'auto',
  toxicity: 100,
  durationSeconds: 30,
  sequence: 'parallel',
  rampSeconds: 0,
  installDependencies: false,
  libImage: 'ecs-http-chaos:dev',
  libImagePullPolicy: 'IfNotPresent',
  drainSeconds: 1,
  reaperGraceSeconds: 120,
  watchIntervalSeconds: 10,
};
let aws: AwsEmulator;

beforeAll(async () => {
  aws = await startAwsEmulator(scaleFixture({ tasks: TASKS, instances: HOSTS }), {
    invocationVisibilityMs: 50,
  });
});

afterEach(() => {
  aws.knobs.set({ rateLimits: undefined, hostDelayMs: 0 });
  aws.requests.clear();
});

afterAll(async () => {
  await aws.stop();
});

/** Task i of the world as the executor would target it (container `app`). */
function targetOf(index: number): Target {
  const id = taskIdOf('web', index);
  return {
    taskArn: `arn:aws:ecs:us-east-1:123456789012:task/${SCALE_CLUSTER}/${id}`,
    taskId: id,
    clusterName: SCALE_CLUSTER,
    instanceId: ec2InstanceIdOf(index % HOSTS),
    containerInstanceArn: '',
    containerName: 'app',
    runtimeId: undefined,
    networkMode: 'bridge',
  };
}

function send(mode: 'inject' | 'status', hosts: number[]) {
  const targets = hosts.flatMap((host) => [host, host + HOSTS].map(targetOf));
  const commands = commandTextFor(
    { fault: FAULT, unitId: 'scale-1', mode, targets, deadlineMs: Date.now() + 60_000 },
    SCRIPT,
  );
  const { ssm } = awsClients(aws.endpoint);
  return ssm.send(
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: hosts.map(ec2InstanceIdOf),
      TimeoutSeconds: 30,
      Parameters: { commands: [...commands], executionTimeout: ['60'] },
    }),
  );
}

describe('simulated hosts', () => {
  it('answer with host.sh lines after the configured delay, seen by the executor parser', async () => {
    aws.knobs.set({ hostDelayMs: { inject: 600, status: 100 } });
    const sent = Date.now();
    const out = await send('inject', [3, 4]);
    const { ssm } = awsClients(aws.endpoint);
    const polled = await pollInvocation(ssm, out.Command!.CommandId!, ec2InstanceIdOf(4));
    expect(Date.now() - sent).toBeGreaterThanOrEqual(600);
    expect(polled.invocation.Status).toBe('Success');
    const report = parseHostOutput(polled.invocation.StandardOutputContent ?? '', {
      instanceId: ec2InstanceIdOf(4),
    });
    expect([report.ignoredCount, report.summary, report.targets.size]).toEqual([
      0,
      { mode: 'inject', ok: true },
      2,
    ]);
    const listed = await ssm.send(
      new ListCommandInvocationsCommand({ CommandId: out.Command!.CommandId!, Details: true }),
    );
    const output = listed.CommandInvocations?.[0]?.CommandPlugins?.[0]?.Output ?? '';
    expect(output).toContain('"event":"ready"');
    const status = await send('status', [4]);
    const seen = await pollInvocation(ssm, status.Command!.CommandId!, ec2InstanceIdOf(4));
    const states = parseHostOutput(seen.invocation.StandardOutputContent ?? '').targets;
    expect([...states.values()].map((state) => state.state)).toEqual(['running', 'running']);
  });

  it('a cancel before the host answered ends Cancelled, 137, with nothing printed', async () => {
    aws.knobs.set({ hostDelayMs: 5_000 });
    const out = await send('inject', [7]);
    const { ssm } = awsClients(aws.endpoint);
    await new Promise((done) => setTimeout(done, 200));
    await ssm.send(new CancelCommandCommand({ CommandId: out.Command!.CommandId! }));
    const polled = await pollInvocation(ssm, out.Command!.CommandId!, ec2InstanceIdOf(7));
    expect([polled.invocation.Status, polled.invocation.ResponseCode]).toEqual(['Cancelled', 137]);
    expect(polled.invocation.StandardOutputContent).toBe('');
  });
});

describe('rate buckets (rateLimits: aws)', () => {
  it('ECS: ListTasks and DescribeTasks share a bucket of 100, then 20 per second', async () => {
    aws.knobs.set({ rateLimits: 'aws' });
    const { ecs } = awsClients(aws.endpoint);
    const calls = Array.from({ length: 120 }, (_, i) =>
      (i % 2 === 0
        ? ecs.send(new ListTasksCommand({ cluster: SCALE_CLUSTER, serviceName: 'web' }))
        : ecs.send(
            new DescribeTasksCommand({ cluster: SCALE_CLUSTER, tasks: [taskIdOf('web', i)] }),
          )
      ).then(
        () => 'ok',
        (error: unknown) => error,
      ),
    );
    const results = await Promise.all(calls);
    const throttled = results.filter((result) => result !== 'ok');
    // 100 from the full bucket, plus what 20 per second refilled while the calls came in.
    const times = aws.requests.all().map((record) => record.at);
    const refilled = Math.floor(((Math.max(...times) - Math.min(...times)) / 1000) * 20);
    expect(120 - throttled.length).toBeGreaterThanOrEqual(100);
    expect(120 - throttled.length).toBeLessThanOrEqual(100 + refilled);
    // client-ecs has no ThrottlingException class: the SDK names the error by its code.
    expect(throttled.every((error) => (error as Error).name === 'ThrottlingException')).toBe(true);
    expect((throttled[0] as Error).message).toBe('Rate exceeded');
    expect(
      aws.requests.of('ecs:ListTasks').some((r) => r.errorCode === 'ThrottlingException'),
    ).toBe(true);
  });

  it('SSM: the eleventh call in a burst is throttled, a second later five more pass', async () => {
    aws.knobs.set({ rateLimits: 'aws' });
    const { ssm } = awsClients(aws.endpoint);
    const list = () =>
      ssm.send(new ListCommandInvocationsCommand({ MaxResults: 5 })).then(
        () => true,
        () => false,
      );
    const burst = [];
    for (let i = 0; i < 11; i += 1) burst.push(await list());
    expect(burst.filter(Boolean).length).toBe(10);
    const error = await rejectionOf(ssm.send(new ListCommandInvocationsCommand({})));
    expect(error).toBeInstanceOf(SsmThrottlingException);
    expect(error.$metadata.httpStatusCode).toBe(400);
    const pause = Date.now();
    await new Promise((done) => setTimeout(done, 1000));
    const later = [];
    for (let i = 0; i < 8; i += 1) later.push(await list());
    // Five per second: the pause refilled five, the calls themselves a little more.
    const refilled = Math.floor(((Date.now() - pause) / 1000) * 5);
    expect(later.filter(Boolean).length).toBeGreaterThanOrEqual(5);
    expect(later.filter(Boolean).length).toBeLessThanOrEqual(Math.min(8, refilled + 1));
  });
});
