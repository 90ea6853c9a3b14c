/** ListCommandInvocations: visible invocations, filtered and paged, with plugin details. */
import { epoch } from '../ecs/render.js';
import { AwsError } from '../errors.js';
import { BadToken, paginate } from '../pagination.js';
import type { CallContext } from '../service.js';
import type { Invocation, InvocationStatus } from './invocation.js';
import { truncatePluginOutput } from './plugin-output.js';

const PLUGIN = 'aws:runShellScript';

const FILTER_KEYS = ['InvokedAfter', 'InvokedBefore', 'Status', 'ExecutionStage', 'DocumentName'];

function filterOf(ctx: CallContext): (invocation: Invocation) => boolean {
  const tests: ((invocation: Invocation) => boolean)[] = [];
  for (const filter of ctx.input.objects('Filters') ?? []) {
    const { key, value } = filter;
    if (typeof key !== 'string' || !FILTER_KEYS.includes(key))
      throw new AwsError('InvalidFilterKey', undefined);
    if (typeof value !== 'string') throw new AwsError('InvalidFilterValue', undefined);
    tests.push(filterTest(key, value));
  }
  return (invocation) => tests.every((test) => test(invocation));
}

function filterTest(key: string, value: string): (invocation: Invocation) => boolean {
  switch (key) {
    case 'InvokedAfter':
      return (i) => i.command.requestedAt >= Date.parse(value);
    case 'InvokedBefore':
      return (i) => i.command.requestedAt <= Date.parse(value);
    case 'DocumentName':
      return (i) => i.command.documentName === value;
    case 'ExecutionStage':
      return (i) => (value === 'Complete' ? i.terminal : !i.terminal);
    default:
      return (i) => i.status === value || i.statusDetails === value;
  }
}

/** CommandPluginStatus has no Cancelling or Delayed. */
function pluginStatus(status: InvocationStatus): string {
  if (status === 'Cancelling') return 'InProgress';
  return status === 'Delayed' ? 'Pending' : status;
}

function renderListed(invocation: Invocation, details: boolean, region: string) {
  const { command } = invocation;
  const plugin = {
    Name: PLUGIN,
    Status: pluginStatus(invocation.status),
    StatusDetails: invocation.statusDetails,
    ResponseCode: invocation.responseCode,
    ...(invocation.startedAt === undefined
      ? {}
      : { ResponseStartDateTime: epoch(invocation.startedAt) }),
    ...(invocation.endedAt === undefined
      ? {}
      : { ResponseFinishDateTime: epoch(invocation.endedAt) }),
    Output: truncatePluginOutput(invocation.stdout, invocation.stderr),
    StandardOutputUrl: '',
    StandardErrorUrl: '',
    OutputS3Region: region,
    OutputS3BucketName: '',
    OutputS3KeyPrefix: '',
  };
  return {
    CommandId: command.commandId,
    InstanceId: invocation.instanceId,
    InstanceName: '',
    Comment: command.comment,
    DocumentName: command.documentName,
    DocumentVersion: '$DEFAULT',
    RequestedDateTime: epoch(command.requestedAt),
    Status: invocation.status,
    StatusDetails: invocation.statusDetails,
    TraceOutput: '',
    StandardOutputUrl: '',
    StandardErrorUrl: '',
    CommandPlugins: details ? [plugin] : [],
    ServiceRole: '',
    NotificationConfig: { NotificationArn: '', NotificationEvents: [], NotificationType: '' },
    CloudWatchOutputConfig: { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false },
  };
}

export function listCommandInvocations(ctx: CallContext) {
  const { input } = ctx;
  const commandId = input.string('CommandId');
  const instanceId = input.string('InstanceId');
  const size = input.integer('MaxResults', 1, 50) ?? 50;
  const details = input.boolean('Details') ?? false;
  const keep = filterOf(ctx);
  const all = ctx.commands
    .visibleInvocations()
    .filter((i) => commandId === undefined || i.command.commandId === commandId)
    .filter((i) => instanceId === undefined || i.instanceId === instanceId)
    .filter(keep);
  try {
    const key = JSON.stringify([commandId, instanceId, input.objects('Filters') ?? []]);
    const page = paginate(all, size, input.string('NextToken'), key);
    return {
      CommandInvocations: page.items.map((i) => renderListed(i, details, ctx.state.region)),
      NextToken: page.nextToken,
    };
  } catch (error) {
    if (error instanceof BadToken) throw new AwsError('InvalidNextToken', undefined);
    throw error;
  }
}
