import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CancelCommandCommand,
  DescribeInstanceInformationCommand,
  DuplicateInstanceId,
  InvalidCommandId,
  InvalidDocument,
  InvalidInstanceId,
  InvalidParameters,
  ListCommandInvocationsCommand,
  SendCommandCommand,
  ThrottlingException,
  paginateDescribeInstanceInformation,
  type SendCommandCommandInput,
} from '@aws-sdk/client-ssm';
import { startAwsEmulator, type AwsEmulator } from '../../../sandbox/emulator/index.js';
import { ec2InstanceIdOf, sampleFixture } from '../../../sandbox/emulator/fixtures/sample.js';
import { awsClients, rejectionOf } from './aws-clients.js';
import { pollInvocation, runShell } from './ssm-helpers.js';

const hosts = Array.from({ length: 7 }, (_, i) => ec2InstanceIdOf(i));
const host = hosts[0]!;
let aws: AwsEmulator;
let ssm: ReturnType<typeof awsClients>['ssm'];

beforeAll(async () => {
  const fixture = sampleFixture({ hosts: 7 });
  fixture.managedInstances![5]!.pingStatus = 'ConnectionLost';
  fixture.managedInstances![6]!.pingStatus = 'Inactive';
  aws = await startAwsEmulator(fixture, { invocationVisibilityMs: 200 });
  ssm = awsClients(aws.endpoint).ssm;
});

afterAll(async () => {
  ssm.destroy();
  await aws.stop();
});

const command = (input: Partial<SendCommandCommandInput>) =>
  new SendCommandCommand({
    DocumentName: 'AWS-RunShellScript',
    InstanceIds: [host],
    Parameters: { commands: ['true'] },
    ...input,
  });

describe('SendCommand validation', () => {
  it('answers more than 50 instance ids with ThrottlingException, as SSM does', async () => {
    const ids = Array.from({ length: 51 }, (_, i) => `i-${String(i).padStart(17, '0')}`);
    const error = await rejectionOf(ssm.send(command({ InstanceIds: ids })));
    expect(error).toBeInstanceOf(ThrottlingException);
    expect(error.message).toBe('Rate exceeded');
    expect(aws.commands.all()).toHaveLength(0);
  });

  it('maps each refusal to its SDK exception class', async () => {
    const cases: [Partial<SendCommandCommandInput>, new (...args: never[]) => Error, string][] = [
      [{ InstanceIds: [host, host] }, DuplicateInstanceId, 'DuplicateInstanceId'],
      [{ InstanceIds: ['i-00000000000000000'] }, InvalidInstanceId, 'InvalidInstanceId'],
      [{ InstanceIds: [hosts[6]!] }, InvalidInstanceId, 'InvalidInstanceId'],
      [{ DocumentName: 'AWS-RunPowerShellScript' }, InvalidDocument, 'InvalidDocument'],
      [{ Parameters: { commands: [] } }, InvalidParameters, 'InvalidParameters'],
      [
        { Parameters: { commands: ['true'], executionTimeout: ['0'] } },
        InvalidParameters,
        'InvalidParameters',
      ],
      [{ Parameters: { commands: ['true'], nope: ['x'] } }, InvalidParameters, 'InvalidParameters'],
    ];
    for (const [input, type, name] of cases) {
      const error = await rejectionOf(ssm.send(command(input)));
      expect([error.name, error instanceof type]).toEqual([name, true]);
    }
    const early = await rejectionOf(ssm.send(command({ TimeoutSeconds: 29 })));
    expect(early.name).toBe('ValidationException');
    expect(early.message).toMatch(
      /'timeoutSeconds' failed to satisfy constraint: Member must have value greater than or equal to 30/,
    );
    const missing = await rejectionOf(
      ssm.send(command({ InstanceIds: [hosts[0]!, 'i-0123456789abcdef0'] })),
    );
    expect(missing.message).toBe(
      'Instances [[i-0123456789abcdef0]] not in a valid state for account 123456789012',
    );
    expect(aws.commands.all()).toHaveLength(0);
  });

  it('returns the Command the SDK models, with the delivery timeout and parameters', async () => {
    const out = await ssm.send(
      command({
        TimeoutSeconds: 45,
        Comment: 'ehc inject',
        Parameters: { commands: ['true'], executionTimeout: ['120'] },
      }),
    );
    expect(out.Command).toMatchObject({
      DocumentName: 'AWS-RunShellScript',
      Status: 'Pending',
      TimeoutSeconds: 45,
      Comment: 'ehc inject',
      InstanceIds: [host],
      Parameters: { commands: ['true'], executionTimeout: ['120'] },
    });
    const requested = out.Command?.RequestedDateTime?.getTime() ?? 0;
    expect(out.Command?.ExpiresAfter?.getTime()).toBe(requested + 165_000);
  });
});

describe('ListCommandInvocations and CancelCommand', () => {
  it('lists nothing right after SendCommand, then every invocation with plugin details', async () => {
    const id = await runShell(ssm, hosts.slice(0, 3), ['echo out', 'echo err >&2']);
    const early = await ssm.send(new ListCommandInvocationsCommand({ CommandId: id }));
    expect(early.CommandInvocations).toEqual([]);
    await Promise.all(hosts.slice(0, 3).map((h) => pollInvocation(ssm, id, h)));
    const paged = await ssm.send(
      new ListCommandInvocationsCommand({ CommandId: id, MaxResults: 2, Details: true }),
    );
    expect(paged.CommandInvocations).toHaveLength(2);
    const rest = await ssm.send(
      new ListCommandInvocationsCommand({
        CommandId: id,
        MaxResults: 2,
        Details: true,
        NextToken: paged.NextToken,
      }),
    );
    const all = [...(paged.CommandInvocations ?? []), ...(rest.CommandInvocations ?? [])];
    expect(all.map((i) => i.InstanceId).sort()).toEqual(hosts.slice(0, 3).sort());
    expect(all[0]?.CommandPlugins?.[0]).toMatchObject({
      Name: 'aws:runShellScript',
      Status: 'Success',
      ResponseCode: 0,
      Output: 'out\n\n----------ERROR-------\nerr\n',
    });
    const failed = await ssm.send(
      new ListCommandInvocationsCommand({ Filters: [{ key: 'Status', value: 'Failed' }] }),
    );
    expect(failed.CommandInvocations).toEqual([]);
  });

  it('refuses to cancel an unknown command or an instance it never targeted', async () => {
    const unknown = await rejectionOf(
      ssm.send(new CancelCommandCommand({ CommandId: '00000000-0000-4000-8000-000000000000' })),
    );
    expect(unknown).toBeInstanceOf(InvalidCommandId);
    const id = await runShell(ssm, [host], ['true']);
    const stranger = await rejectionOf(
      ssm.send(new CancelCommandCommand({ CommandId: id, InstanceIds: [hosts[1]!] })),
    );
    expect(stranger).toBeInstanceOf(InvalidInstanceId);
  });
});

describe('DescribeInstanceInformation', () => {
  it('pages the managed instances and reports their PingStatus', async () => {
    const pages: number[] = [];
    const seen = new Map<string, string>();
    for await (const page of paginateDescribeInstanceInformation(
      { client: ssm, pageSize: 5 },
      {},
    )) {
      pages.push(page.InstanceInformationList?.length ?? 0);
      for (const info of page.InstanceInformationList ?? [])
        seen.set(info.InstanceId ?? '', info.PingStatus ?? '');
    }
    expect(pages).toEqual([5, 2]);
    expect(seen.get(hosts[0]!)).toBe('Online');
    expect(seen.get(hosts[5]!)).toBe('ConnectionLost');
    expect(seen.get(hosts[6]!)).toBe('Inactive');
  });

  it('filters by instance id and ping status, legacy list or Filters but never both', async () => {
    const byId = await ssm.send(
      new DescribeInstanceInformationCommand({
        Filters: [
          { Key: 'InstanceIds', Values: [hosts[1]!, hosts[5]!] },
          { Key: 'PingStatus', Values: ['Online'] },
        ],
      }),
    );
    expect(byId.InstanceInformationList?.map((i) => i.InstanceId)).toEqual([hosts[1]]);
    const legacy = await ssm.send(
      new DescribeInstanceInformationCommand({
        InstanceInformationFilterList: [
          { key: 'PingStatus', valueSet: ['ConnectionLost', 'Inactive'] },
        ],
      }),
    );
    expect(legacy.InstanceInformationList).toHaveLength(2);
    const both = await rejectionOf(
      ssm.send(
        new DescribeInstanceInformationCommand({
          Filters: [{ Key: 'PingStatus', Values: ['Online'] }],
          InstanceInformationFilterList: [{ key: 'PingStatus', valueSet: ['Online'] }],
        }),
      ),
    );
    expect(both.name).toBe('InvalidFilter');
    const badValue = await rejectionOf(
      ssm.send(
        new DescribeInstanceInformationCommand({
          Filters: [{ Key: 'PingStatus', Values: ['Up'] }],
        }),
      ),
    );
    expect(badValue.name).toBe('InvalidInstanceInformationFilterValue');
  });
});
