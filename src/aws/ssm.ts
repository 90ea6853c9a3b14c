import {
  CancelCommandCommand,
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  SendCommandCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { ChaosError } from '../errors/chaos-error.js';
import type {
  Invocation,
  InvocationStatus,
  InvocationSummary,
  SendCommandRequest,
  SsmPort,
} from '../experiment/ports.js';
import type { ManagedInstanceInfo, PingStatus } from '../experiment/types.js';
import { call, chunks, type CallScope } from './clients.js';
import { awsErrorName } from './errors.js';

export const RUN_SHELL_SCRIPT = 'AWS-RunShellScript';
/** SendCommand and the InstanceIds filter both take at most 50 (REFERENCE.md §3). */
export const SSM_BATCH = 50;

const STATUSES: readonly InvocationStatus[] = [
  'Pending',
  'InProgress',
  'Delayed',
  'Success',
  'Cancelled',
  'TimedOut',
  'Failed',
  'Cancelling',
];

/** A status this SDK does not know yet is read as Failed: never as a success. */
function statusOf(value: string | undefined): InvocationStatus {
  return STATUSES.find((status) => status === value) ?? 'Failed';
}

function pingOf(value: string | undefined): PingStatus {
  return value === 'Online' || value === 'Inactive' ? value : 'ConnectionLost';
}

/** SsmPort on the real SDK. */
export class SsmAdapter implements SsmPort {
  constructor(
    private readonly client: SSMClient,
    private readonly scope: CallScope,
  ) {}

  async describeInstances(instanceIds: readonly string[]): Promise<readonly ManagedInstanceInfo[]> {
    const found: ManagedInstanceInfo[] = [];
    for (const batch of chunks(instanceIds, SSM_BATCH)) {
      let nextToken: string | undefined;
      do {
        const out = await call(
          { action: 'ssm:DescribeInstanceInformation', target: batch.join(',') },
          this.scope,
          (options) =>
            this.client.send(
              new DescribeInstanceInformationCommand({
                Filters: [{ Key: 'InstanceIds', Values: batch }],
                MaxResults: SSM_BATCH,
                ...(nextToken === undefined ? {} : { NextToken: nextToken }),
              }),
              options,
            ),
        );
        for (const info of out.InstanceInformationList ?? []) {
          found.push({
            instanceId: info.InstanceId ?? '',
            pingStatus: pingOf(info.PingStatus),
            platformType: info.PlatformType,
          });
        }
        nextToken = out.NextToken;
      } while (nextToken !== undefined && nextToken !== '');
    }
    return found;
  }

  async sendCommand(request: SendCommandRequest): Promise<{ readonly commandId: string }> {
    const target = request.instanceIds.join(',');
    const out = await call({ action: 'ssm:SendCommand', target }, this.scope, (options) =>
      this.client.send(
        new SendCommandCommand({
          DocumentName: RUN_SHELL_SCRIPT,
          InstanceIds: [...request.instanceIds],
          TimeoutSeconds: request.deliveryTimeoutSeconds,
          Comment: request.comment,
          Parameters: {
            commands: [...request.commands],
            executionTimeout: [String(request.executionTimeoutSeconds)],
          },
        }),
        options,
      ),
    );
    const commandId = out.Command?.CommandId;
    if (commandId === undefined || commandId === '') {
      throw new ChaosError({
        code: 'INTERNAL_ERROR',
        phase: this.scope.phaseOf(),
        target,
        reason: 'SendCommand answered without a CommandId',
        fix: 'check the SSM endpoint (AWS_ENDPOINT_URL_SSM); the command may still run: the revert goes to these instances anyway',
      });
    }
    return { commandId };
  }

  async listInvocations(commandId: string): Promise<readonly InvocationSummary[]> {
    const rows: InvocationSummary[] = [];
    let nextToken: string | undefined;
    do {
      const out = await call(
        { action: 'ssm:ListCommandInvocations', target: commandId },
        this.scope,
        (options) =>
          this.client.send(
            new ListCommandInvocationsCommand({
              CommandId: commandId,
              MaxResults: SSM_BATCH,
              ...(nextToken === undefined ? {} : { NextToken: nextToken }),
            }),
            options,
          ),
      );
      for (const row of out.CommandInvocations ?? []) {
        rows.push({
          instanceId: row.InstanceId ?? '',
          status: statusOf(row.Status),
          statusDetails: row.StatusDetails ?? '',
        });
      }
      nextToken = out.NextToken;
    } while (nextToken !== undefined && nextToken !== '');
    return rows;
  }

  async getInvocation(commandId: string, instanceId: string): Promise<Invocation | undefined> {
    const site = { action: 'ssm:GetCommandInvocation', target: `${commandId} on ${instanceId}` };
    const out = await call(site, this.scope, (options) =>
      this.client.send(
        new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }),
        options,
      ),
    ).catch((error: unknown) => {
      // Normal for a while after SendCommand: the caller polls again.
      if (error instanceof ChaosError && awsErrorName(error.cause) === 'InvocationDoesNotExist') {
        return undefined;
      }
      throw error;
    });
    if (out === undefined) return undefined;
    return {
      status: statusOf(out.Status),
      statusDetails: out.StatusDetails ?? '',
      responseCode: out.ResponseCode ?? -1,
      stdout: out.StandardOutputContent ?? '',
      stderr: out.StandardErrorContent ?? '',
    };
  }

  async cancelCommand(commandId: string, instanceIds?: readonly string[]): Promise<void> {
    await call({ action: 'ssm:CancelCommand', target: commandId }, this.scope, (options) =>
      this.client.send(
        new CancelCommandCommand({
          CommandId: commandId,
          ...(instanceIds === undefined ? {} : { InstanceIds: [...instanceIds] }),
        }),
        options,
      ),
    );
  }
}
