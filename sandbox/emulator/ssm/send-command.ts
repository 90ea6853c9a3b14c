/**
 * SendCommand as SSM validates it for AWS-RunShellScript: up to 50 instance ids (more is
 * answered ThrottlingException, SSM's misleading answer), a delivery timeout of 30 s to
 * 30 days, the document's three parameters, and only instances SSM knows and can reach.
 */
import { AwsError, throttled, validationError } from '../errors.js';
import type { CallContext } from '../service.js';
import type { CommandRecord } from './invocation.js';
import { epoch } from '../ecs/render.js';

const DOCUMENT = 'AWS-RunShellScript';
const PARAMETERS = ['commands', 'workingDirectory', 'executionTimeout'];
/** The document's allowedPattern for executionTimeout: 1..172800. */
const EXECUTION_TIMEOUT =
  /^(?:[1-9][0-9]{0,4}|1[0-6][0-9]{4}|17[0-1][0-9]{3}|172[0-7][0-9]{2}|172800)$/;

const invalidParameters = (message: string) => new AwsError('InvalidParameters', message);

function readParameters(ctx: CallContext): Record<string, string[]> {
  const parameters: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(ctx.input.object('Parameters') ?? {})) {
    if (!PARAMETERS.includes(name)) {
      throw invalidParameters(`Parameter "${name}" is not defined in document ${DOCUMENT}.`);
    }
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      throw invalidParameters(`Parameter "${name}" must be a list of strings.`);
    }
    parameters[name] = value as string[];
  }
  checkParameters(parameters);
  return parameters;
}

function checkParameters(parameters: Record<string, string[]>): void {
  if ((parameters['commands'] ?? []).length === 0) {
    throw invalidParameters('Parameter "commands" is required and must have at least 1 item.');
  }
  const timeout = parameters['executionTimeout'];
  if (
    timeout !== undefined &&
    (timeout.length !== 1 || !EXECUTION_TIMEOUT.test(timeout[0] ?? ''))
  ) {
    throw invalidParameters(
      `Parameter "executionTimeout" "${timeout.join(',')}" does not match allowed pattern.`,
    );
  }
  if ((parameters['workingDirectory'] ?? []).length > 1) {
    throw invalidParameters('Parameter "workingDirectory" takes one value.');
  }
}

function readInstanceIds(ctx: CallContext): string[] {
  if (ctx.input.has('Targets')) {
    throw invalidParameters('emulator: Targets are not supported; send InstanceIds.');
  }
  const ids = ctx.input.strings('InstanceIds') ?? [];
  if (ids.length === 0)
    throw validationError('json', 'instanceIds', '[]', 'InstanceIds or Targets must be specified');
  if (ids.length > 50) throw throttled('json');
  if (new Set(ids).size !== ids.length) throw new AwsError('DuplicateInstanceId', undefined);
  const { state } = ctx;
  const unusable = ids.filter((id) => {
    const instance = ctx.region === state.region ? state.managedInstance(id) : undefined;
    return instance === undefined || instance.pingStatus === 'Inactive';
  });
  if (unusable.length > 0) {
    const account = ctx.identity?.account ?? state.account;
    throw new AwsError(
      'InvalidInstanceId',
      `Instances [[${unusable.join(', ')}]] not in a valid state for account ${account}`,
    );
  }
  return ids;
}

export function sendCommand(ctx: CallContext) {
  const { input } = ctx;
  const documentName = input.string('DocumentName');
  if (documentName !== DOCUMENT) {
    throw new AwsError(
      'InvalidDocument',
      `Document ${documentName ?? ''} does not exist in your account.`,
    );
  }
  const instanceIds = readInstanceIds(ctx);
  const timeoutSeconds = input.integer('TimeoutSeconds', 30, 2_592_000) ?? 3600;
  const comment = readComment(ctx);
  const parameters = readParameters(ctx);
  const record = ctx.commands.send({
    documentName,
    comment,
    parameters,
    instanceIds,
    timeoutSeconds,
    executionTimeoutSeconds: Number(parameters['executionTimeout']?.[0] ?? 3600),
    commands: parameters['commands'] ?? [],
    workingDirectory: parameters['workingDirectory']?.[0] ?? '',
  });
  return { Command: renderCommand(record, ctx.state.region) };
}

function readComment(ctx: CallContext): string {
  const comment = ctx.input.string('Comment') ?? '';
  if (comment.length > 100) {
    throw validationError(
      'json',
      'comment',
      comment,
      'Member must have length less than or equal to 100',
    );
  }
  return comment;
}

export function renderCommand(record: CommandRecord, region: string) {
  const totalSeconds = record.timeoutSeconds + record.executionTimeoutSeconds;
  return {
    CommandId: record.commandId,
    DocumentName: record.documentName,
    DocumentVersion: '$DEFAULT',
    Comment: record.comment,
    ExpiresAfter: epoch(record.requestedAt + totalSeconds * 1000),
    Parameters: record.parameters,
    InstanceIds: record.instanceIds,
    Targets: [],
    RequestedDateTime: epoch(record.requestedAt),
    Status: 'Pending',
    StatusDetails: 'Pending',
    OutputS3Region: region,
    OutputS3BucketName: '',
    OutputS3KeyPrefix: '',
    MaxConcurrency: '50',
    MaxErrors: '0',
    TargetCount: record.instanceIds.length,
    CompletedCount: 0,
    ErrorCount: 0,
    DeliveryTimedOutCount: 0,
    ServiceRole: '',
    NotificationConfig: { NotificationArn: '', NotificationEvents: [], NotificationType: '' },
    CloudWatchOutputConfig: { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false },
    TimeoutSeconds: record.timeoutSeconds,
  };
}
