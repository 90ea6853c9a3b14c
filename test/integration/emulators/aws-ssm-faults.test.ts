import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelCommandCommand, SendCommandCommand } from '@aws-sdk/client-ssm';
import { startAwsEmulator, type AwsEmulator } from '../../../sandbox/emulator/index.js';
import { ec2InstanceIdOf, sampleFixture } from '../../../sandbox/emulator/fixtures/sample.js';
import { awsClients, rejectionOf } from './aws-clients.js';
import { pollInvocation, runShell, waitUntil } from './ssm-helpers.js';

const [first, second] = [0, 1].map(ec2InstanceIdOf) as [string, string];
let aws: AwsEmulator;
let scratch: string;
let ssm: ReturnType<typeof awsClients>['ssm'];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ehc-aws-faults-'));
  aws = await startAwsEmulator(sampleFixture({ hosts: 2 }), { invocationVisibilityMs: 100 });
  ssm = awsClients(aws.endpoint).ssm;
});

afterEach(() => {
  aws.state.setPingStatus(first, 'Online');
  aws.state.setPingStatus(second, 'Online');
  aws.knobs.set({ lateDelivery: [], loseResponse: [] });
});

afterAll(async () => {
  ssm.destroy();
  await aws.stop();
  await rm(scratch, { recursive: true, force: true });
});

const lines = (path: string) =>
  existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n') : [];

describe('an instance that is offline', () => {
  it('gets nothing; the invocation stays Pending, then TimedOut/DeliveryTimedOut at TimeoutSeconds', async () => {
    const marker = join(scratch, 'offline-never');
    aws.state.setPingStatus(second, 'ConnectionLost');
    const id = await runShell(
      ssm,
      [first, second],
      [`echo ran >> ${marker}.$AWS_SSM_INSTANCE_ID`],
      { TimeoutSeconds: 30 },
    );
    const online = await pollInvocation(ssm, id, first);
    expect(online.invocation.Status).toBe('Success');
    const pending = await pollInvocation(ssm, id, second, { done: (s) => s === 'Pending' });
    expect(pending.invocation).toMatchObject({
      StatusDetails: 'Pending',
      ResponseCode: -1,
      ExecutionStartDateTime: '',
    });
    const { invocation, statuses } = await pollInvocation(ssm, id, second, { timeoutMs: 40_000 });
    expect(statuses).toEqual(['Pending', 'TimedOut']);
    expect(invocation).toMatchObject({
      Status: 'TimedOut',
      StatusDetails: 'DeliveryTimedOut',
      ResponseCode: -1,
    });
    expect(existsSync(`${marker}.${second}`)).toBe(false);
  }, 45_000);

  it('runs the command once it comes back Online within the delivery timeout', async () => {
    aws.state.setPingStatus(first, 'ConnectionLost');
    const id = await runShell(ssm, [first], ['echo delivered']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await pollInvocation(ssm, id, first, { done: () => true })).invocation.Status).toBe(
      'Pending',
    );
    aws.state.setPingStatus(first, 'Online');
    const { invocation } = await pollInvocation(ssm, id, first);
    expect(invocation.StandardOutputContent).toBe('delivered\n');
  });

  it('reports a command that ended while offline only once the instance is back', async () => {
    const id = await runShell(ssm, [first], ['sleep 0.3', 'echo finished']);
    await pollInvocation(ssm, id, first, { done: (s) => s === 'InProgress' });
    aws.state.setPingStatus(first, 'ConnectionLost');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect((await pollInvocation(ssm, id, first, { done: () => true })).invocation.Status).toBe(
      'InProgress',
    );
    aws.state.setPingStatus(first, 'Online');
    const { invocation } = await pollInvocation(ssm, id, first);
    expect(invocation).toMatchObject({ Status: 'Success', StandardOutputContent: 'finished\n' });
  });
});

describe('a command delivered late', () => {
  it('stays Pending, then runs after the delay', async () => {
    const marker = join(scratch, 'late');
    aws.knobs.set({ lateDelivery: [{ instanceId: first, delayMs: 1000, times: 1 }] });
    const sentAt = Date.now();
    const id = await runShell(
      ssm,
      [first, second],
      [`date +%s%3N >> ${marker}.$AWS_SSM_INSTANCE_ID`],
    );
    expect((await pollInvocation(ssm, id, second)).invocation.Status).toBe('Success');
    expect((await pollInvocation(ssm, id, first, { done: () => true })).invocation.Status).toBe(
      'Pending',
    );
    const { statuses } = await pollInvocation(ssm, id, first);
    expect([statuses[0], statuses.at(-1)]).toEqual(['Pending', 'Success']);
    expect(Number(lines(`${marker}.${first}`)[0]) - sentAt).toBeGreaterThanOrEqual(1000);
  });

  it('never runs when cancelled before delivery', async () => {
    const marker = join(scratch, 'late-cancelled');
    aws.knobs.set({ lateDelivery: [{ delayMs: 600, times: 1 }] });
    const id = await runShell(ssm, [first], [`echo ran > ${marker}`]);
    await ssm.send(new CancelCommandCommand({ CommandId: id }));
    const { invocation } = await pollInvocation(ssm, id, first);
    expect(invocation).toMatchObject({ Status: 'Cancelled', ResponseCode: -1 });
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(existsSync(marker)).toBe(false);
  });
});

describe('a SendCommand whose answer is lost', () => {
  const send = (marker: string) =>
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [first],
      Parameters: { commands: [`echo once >> ${marker}`] },
      TimeoutSeconds: 30,
    });

  it('was performed before the connection reset; the SDK retries and the command runs twice', async () => {
    const marker = join(scratch, 'lost-reset');
    aws.knobs.set({ loseResponse: [{ action: 'ssm:SendCommand', mode: 'reset', times: 1 }] });
    const retrying = awsClients(aws.endpoint, { maxAttempts: 3 }).ssm;
    const out = await retrying.send(send(marker));
    retrying.destroy();
    expect(out.$metadata.attempts).toBe(2);
    const log = aws.requests.of('ssm:SendCommand').slice(-2);
    expect(log.map((r) => r.lost)).toEqual([true, false]);
    await waitUntil(() => lines(marker).length === 2, 5_000, 'both commands to run');
  });

  it('was performed before a 500; without retries the caller sees InternalServerError', async () => {
    const marker = join(scratch, 'lost-500');
    aws.knobs.set({ loseResponse: [{ action: 'ssm:SendCommand', mode: '500', times: 1 }] });
    const before = aws.commands.all().length;
    const error = await rejectionOf(ssm.send(send(marker)));
    expect(error.name).toBe('InternalServerError');
    expect(error.$metadata.httpStatusCode).toBe(500);
    expect(aws.commands.all()).toHaveLength(before + 1);
    await waitUntil(() => lines(marker).length === 1, 5_000, 'the accepted command to run');
  });
});
