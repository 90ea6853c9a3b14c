/** GetCommandInvocation and CancelCommand. */
import { AwsError } from '../errors.js';
import type { CallContext } from '../service.js';
import type { Invocation } from './invocation.js';

const PLUGIN = 'aws:runShellScript';
const COMMAND_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function commandOf(ctx: CallContext) {
  const commandId = ctx.input.string('CommandId');
  if (commandId === undefined || !COMMAND_ID.test(commandId)) {
    throw new AwsError('InvalidCommandId', undefined);
  }
  return ctx.commands.command(commandId);
}

const iso = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());

function elapsed(invocation: Invocation): string {
  if (invocation.startedAt === undefined) return '';
  const end = invocation.endedAt ?? Date.now();
  return `PT${((end - invocation.startedAt) / 1000).toFixed(3)}S`;
}

export function getCommandInvocation(ctx: CallContext) {
  const record = commandOf(ctx);
  const instanceId = ctx.input.string('InstanceId');
  const plugin = ctx.input.string('PluginName');
  if (plugin !== undefined && plugin !== PLUGIN) throw new AwsError('InvalidPluginName', undefined);
  const invocation = instanceId === undefined ? undefined : record?.invocations.get(instanceId);
  if (invocation === undefined || !ctx.commands.isVisible(invocation)) {
    throw new AwsError('InvocationDoesNotExist', undefined);
  }
  const { command } = invocation;
  return {
    CommandId: command.commandId,
    InstanceId: invocation.instanceId,
    Comment: command.comment,
    DocumentName: command.documentName,
    DocumentVersion: '$DEFAULT',
    PluginName: PLUGIN,
    ResponseCode: invocation.responseCode,
    ExecutionStartDateTime: iso(invocation.startedAt),
    ExecutionElapsedTime: elapsed(invocation),
    ExecutionEndDateTime: iso(invocation.endedAt),
    Status: invocation.status,
    StatusDetails: invocation.statusDetails,
    StandardOutputContent: invocation.stdout,
    StandardOutputUrl: '',
    StandardErrorContent: invocation.stderr,
    StandardErrorUrl: '',
    CloudWatchOutputConfig: { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false },
  };
}

export function cancelCommand(ctx: CallContext) {
  const record = commandOf(ctx);
  if (record === undefined) throw new AwsError('InvalidCommandId', undefined);
  const instanceIds = ctx.input.strings('InstanceIds') ?? [];
  if (new Set(instanceIds).size !== instanceIds.length)
    throw new AwsError('DuplicateInstanceId', undefined);
  if (instanceIds.some((id) => !record.invocations.has(id))) {
    throw new AwsError('InvalidInstanceId', undefined);
  }
  // Cancel answers at once; the kill and the Cancelled status follow (Cancelling meanwhile).
  void ctx.commands.cancel(record, instanceIds);
  return {};
}
