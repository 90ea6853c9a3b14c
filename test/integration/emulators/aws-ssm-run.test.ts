import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CancelCommandCommand,
  GetCommandInvocationCommand,
  InvocationDoesNotExist,
} from '@aws-sdk/client-ssm';
import { startAwsEmulator, type AwsEmulator } from '../../../sandbox/emulator/index.js';
import { ec2InstanceIdOf, sampleFixture } from '../../../sandbox/emulator/fixtures/sample.js';
import { awsClients, rejectionOf } from './aws-clients.js';
import {
  isDead,
  killQuietly,
  pollInvocation,
  readPid,
  remember,
  runShell,
  waitUntil,
  type Started,
} from './ssm-helpers.js';

const hosts = [0, 1, 2].map(ec2InstanceIdOf);
const host = hosts[0]!;
let aws: AwsEmulator;
let scratch: string;
let ssm: ReturnType<typeof awsClients>['ssm'];
const strays: Started[] = [];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ehc-aws-ssm-'));
  aws = await startAwsEmulator(
    sampleFixture({
      hosts: 3,
      hostEnv: (i) => ({ EHC_HOST_MARK: `host-${i}`, DOCKER_HOST: `unix:///run/ehc-${i}.sock` }),
    }),
    { invocationVisibilityMs: 300 },
  );
  ssm = awsClients(aws.endpoint).ssm;
});

afterAll(async () => {
  strays.forEach(killQuietly);
  ssm.destroy();
  await aws.stop();
  await rm(scratch, { recursive: true, force: true });
});

describe('AWS-RunShellScript as the agent runs it', () => {
  it('answers InvocationDoesNotExist for a while after SendCommand, then Success', async () => {
    const id = await runShell(ssm, [host], ['echo hello']);
    const early = await rejectionOf(
      ssm.send(new GetCommandInvocationCommand({ CommandId: id, InstanceId: host })),
    );
    expect(early).toBeInstanceOf(InvocationDoesNotExist);
    expect(early.name).toBe('InvocationDoesNotExist');
    const { invocation, notYet } = await pollInvocation(ssm, id, host);
    expect(notYet).toBeGreaterThan(0);
    expect(invocation).toMatchObject({
      Status: 'Success',
      StatusDetails: 'Success',
      ResponseCode: 0,
      StandardOutputContent: 'hello\n',
      StandardErrorContent: '',
      PluginName: 'aws:runShellScript',
    });
    expect(invocation.ExecutionStartDateTime).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('runs once per instance with the agent variables, the instance env, as root, led by sh -c', async () => {
    const script = [
      'mark=$EHC_HOST_MARK',
      'echo "$AWS_SSM_INSTANCE_ID $AWS_SSM_REGION_NAME $mark $DOCKER_HOST uid=$(id -u)"',
      'leader=$(ps -o pgid= -p $$ | tr -d " ")',
      'echo "leader: $(tr "\\000" " " < /proc/$leader/cmdline)"',
    ];
    const id = await runShell(ssm, hosts, script);
    const outputs = await Promise.all(hosts.map((h) => pollInvocation(ssm, id, h)));
    outputs.forEach(({ invocation }, i) => {
      expect(invocation.StandardOutputContent).toEqual(
        expect.stringMatching(
          new RegExp(
            `^${hosts[i]} us-east-1 host-${i} unix:///run/ehc-${i}.sock uid=${process.getuid?.()}\n` +
              `leader: sh -c /\\S+/${hosts[i]}/document/orchestration/${id}/awsrunShellScript/0.awsrunShellScript/_script.sh \n$`,
          ),
        ),
      );
    });
  });

  it('shows output only once the command ends', async () => {
    const id = await runShell(ssm, [host], ['echo early', 'sleep 1', 'echo late']);
    const running = await pollInvocation(ssm, id, host, { done: (s) => s === 'InProgress' });
    expect(running.invocation.StandardOutputContent).toBe('');
    expect(running.invocation.ResponseCode).toBe(-1);
    const { invocation } = await pollInvocation(ssm, id, host);
    expect(invocation.StandardOutputContent).toBe('early\nlate\n');
  });

  it('keeps the first 24,000 characters of stdout and 8,000 of stderr', async () => {
    const id = await runShell(
      ssm,
      [host],
      ["head -c 30000 /dev/zero | tr '\\000' o", "head -c 9000 /dev/zero | tr '\\000' e >&2"],
    );
    const { invocation } = await pollInvocation(ssm, id, host);
    expect(invocation.StandardOutputContent).toBe('o'.repeat(24_000));
    expect(invocation.StandardErrorContent).toBe('e'.repeat(8_000));
  });

  it('reports a failing script as Failed with its exit code and the agent line on stderr', async () => {
    const id = await runShell(ssm, [host], ['echo oops >&2', 'exit 3']);
    const { invocation } = await pollInvocation(ssm, id, host);
    expect(invocation).toMatchObject({
      Status: 'Failed',
      StatusDetails: 'Failed',
      ResponseCode: 3,
      StandardErrorContent: 'failed to run commands: exit status 3\noops\n',
    });
  });

  it('runs in the workingDirectory parameter, and fails as the agent does when it is missing', async () => {
    const commands = ['pwd'];
    const id = await runShell(ssm, [host], commands, {
      Parameters: { commands, workingDirectory: [scratch] },
    });
    expect((await pollInvocation(ssm, id, host)).invocation.StandardOutputContent).toBe(
      `${scratch}\n`,
    );
    const missing = join(scratch, 'absent');
    const bad = await runShell(ssm, [host], commands, {
      Parameters: { commands, workingDirectory: [missing] },
    });
    expect((await pollInvocation(ssm, bad, host)).invocation).toMatchObject({
      Status: 'Failed',
      ResponseCode: 1,
      StandardErrorContent: `failed to run commands: chdir ${missing}: no such file or directory`,
    });
  });

  it('keeps the invocation running while a background child holds its output open', async () => {
    const id = await runShell(
      ssm,
      [host],
      ['(sleep 1; echo from-background) &', 'echo foreground'],
    );
    const { invocation, statuses } = await pollInvocation(ssm, id, host);
    expect(statuses).toContain('InProgress');
    expect(invocation.StandardOutputContent).toBe('foreground\nfrom-background\n');
  });
});

describe('cancel and execution timeout kill the whole process group', () => {
  it('SIGKILLs the shell and its background grandchild on CancelCommand; trap never runs; setsid escapes', async () => {
    const dir = await mkdtemp(join(scratch, 'cancel-'));
    const id = await runShell(
      ssm,
      [host],
      [
        `trap 'echo trapped > ${dir}/trapped' TERM INT EXIT`,
        `echo $$ > ${dir}/shell.pid`,
        `sleep 300 & echo $! > ${dir}/child.pid`,
        `setsid sleep 300 > /dev/null 2>&1 < /dev/null & echo $! > ${dir}/escaped.pid`,
        'wait',
      ],
    );
    await waitUntil(
      () => existsSync(`${dir}/escaped.pid`) && readPid(`${dir}/escaped.pid`) !== undefined,
      10_000,
      'the script to start',
    );
    const [shell, child, escaped] = ['shell', 'child', 'escaped'].map((n) =>
      readPid(`${dir}/${n}.pid`)!,
    );
    strays.push(...[shell!, child!, escaped!].map(remember));
    await pollInvocation(ssm, id, host, { done: (s) => s === 'InProgress' });
    await ssm.send(new CancelCommandCommand({ CommandId: id }));
    const { invocation, statuses } = await pollInvocation(ssm, id, host);
    expect(invocation).toMatchObject({
      Status: 'Cancelled',
      StatusDetails: 'Cancelled',
      ResponseCode: 137,
    });
    expect(statuses.at(-1)).toBe('Cancelled');
    await waitUntil(() => isDead(shell!) && isDead(child!), 5_000, 'the process group to die');
    expect(existsSync(`${dir}/trapped`)).toBe(false);
    expect(isDead(escaped!)).toBe(false);
  });

  it('SIGKILLs the group at executionTimeout: TimedOut / ExecutionTimedOut', async () => {
    const dir = await mkdtemp(join(scratch, 'timeout-'));
    const commands = [
      `echo $$ > ${dir}/shell.pid`,
      'echo started',
      `sleep 300 & echo $! > ${dir}/child.pid`,
      'wait',
    ];
    const id = await runShell(ssm, [host], commands, {
      Parameters: { commands, executionTimeout: ['1'] },
    });
    await waitUntil(() => readPid(`${dir}/child.pid`) !== undefined, 10_000, 'the script to start');
    const [shell, child] = ['shell', 'child'].map((name) => readPid(`${dir}/${name}.pid`)!);
    strays.push(remember(shell!), remember(child!));
    const { invocation } = await pollInvocation(ssm, id, host, { timeoutMs: 10_000 });
    expect(invocation).toMatchObject({
      Status: 'TimedOut',
      StatusDetails: 'ExecutionTimedOut',
      ResponseCode: 137,
    });
    expect(invocation.StandardOutputContent).toBe('started\n');
    await waitUntil(() => isDead(shell!) && isDead(child!), 5_000, 'the process group to die');
  });

  it('stop() kills every process group still running', async () => {
    const own = await startAwsEmulator(sampleFixture({ hosts: 1 }), { invocationVisibilityMs: 0 });
    const client = awsClients(own.endpoint).ssm;
    const dir = await mkdtemp(join(scratch, 'stop-'));
    await runShell(client, [host], [`sleep 300 & echo $! > ${dir}/child.pid`, 'wait']);
    await waitUntil(() => readPid(`${dir}/child.pid`) !== undefined, 10_000, 'the child to start');
    client.destroy();
    await own.stop();
    const child = readPid(`${dir}/child.pid`)!;
    strays.push(remember(child));
    await waitUntil(() => isDead(child), 5_000, 'the child to die');
  });
});
