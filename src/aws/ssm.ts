import {
  CancelCommandCommand,
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  SendCommandCommand,
  type ListCommandInvocationsCommandInput,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { Abandoned } from '../errors/abandoned.js';
import { ChaosError } from '../errors/chaos-error.js';
import type {
  Invocation,
  InvocationSummary,
  InvocationPage,
  ProbedAction,
  SendCommandRequest,
  SsmApi,
} from '../experiment/aws-api.js';
import type { ManagedInstanceInfo } from '../experiment/types.js';
import { call, chunks, type CallScope } from './clients.js';
import { awsErrorName, isAccessDenied } from './errors.js';
import { pingOf, statusOf, summaryOf } from './ssm-map.js';

export const RUN_SHELL_SCRIPT = 'AWS-RunShellScript';
/** A well-formed command id no command has: asking about it reads nothing and runs nothing. */
const PROBE_COMMAND_ID = '00000000-0000-4000-8000-000000000000';
/** SendCommand and the InstanceIds filter both take at most 50 (docs/reference/aws.md). */
export const SSM_BATCH = 50;

/** SsmApi on the real SDK. */
export class SsmAdapter implements SsmApi {
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
            ...(info.PlatformName === undefined ? {} : { platformName: info.PlatformName }),
          });
        }
        nextToken = out.NextToken;
      } while (nextToken !== undefined && nextToken !== '');
    }
    return found;
  }

  async sendCommand(
    request: SendCommandRequest,
  ): Promise<{ readonly commandId: string; readonly requestedAt?: number }> {
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
    const requestedAt = out.Command?.RequestedDateTime?.getTime();
    return requestedAt === undefined ? { commandId } : { commandId, requestedAt };
  }

  async listInvocations(commandId: string): Promise<readonly InvocationSummary[]> {
    const rows: InvocationSummary[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.listPage({ CommandId: commandId }, commandId, nextToken);
      rows.push(...page.rows);
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return rows;
  }

  listRecentInvocations(sinceMs: number, nextToken?: string): Promise<InvocationPage> {
    const filters = [
      { key: 'InvokedAfter' as const, value: new Date(sinceMs).toISOString() },
      { key: 'DocumentName' as const, value: RUN_SHELL_SCRIPT },
    ];
    return this.listPage({ Filters: filters }, 'recent invocations', nextToken);
  }

  /** Details=true: each row carries its plugin output, so a finished host needs no Get. */
  private async listPage(
    input: Pick<ListCommandInvocationsCommandInput, 'CommandId' | 'Filters'>,
    target: string,
    nextToken: string | undefined,
  ): Promise<InvocationPage> {
    const out = await call(
      { action: 'ssm:ListCommandInvocations', target },
      this.scope,
      (options) =>
        this.client.send(
          new ListCommandInvocationsCommand({
            ...input,
            Details: true,
            MaxResults: SSM_BATCH,
            ...(nextToken === undefined ? {} : { NextToken: nextToken }),
          }),
          options,
        ),
    );
    const rows = (out.CommandInvocations ?? []).map(summaryOf);
    const next = out.NextToken;
    return next === undefined || next === '' ? { rows } : { rows, nextToken: next };
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

  async mayCall(action: ProbedAction, instanceId: string): Promise<boolean> {
    const read =
      action === 'ssm:ListCommandInvocations'
        ? () => this.listInvocations(PROBE_COMMAND_ID)
        : () => this.getInvocation(PROBE_COMMAND_ID, instanceId);
    try {
      await read();
      return true;
    } catch (error) {
      if (error instanceof Abandoned) throw error;
      // InvalidCommandId is the answer of an identity that may ask: anything but a denial.
      return !(error instanceof ChaosError && isAccessDenied(error.cause));
    }
  }
}
