/**
 * One request, start to end: log it, authenticate it, apply the test's knobs (latency,
 * throttling, access denied), run the operation, and maybe lose its answer on purpose.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { AwsError, accessDenied, authErrors, internalError, throttled } from './errors.js';
import type { Identity, IdentityStore } from './identity.js';
import { Input } from './input.js';
import type { Knobs } from './knobs.js';
import {
  failure,
  parseRequest,
  success,
  write,
  type Answer,
  type ParsedRequest,
} from './protocol.js';
import type { RequestLog, RequestRecord } from './request-log.js';
import type { CallContext } from './service.js';
import { parseAuthorization } from './sigv4.js';
import type { CommandService } from './ssm/commands.js';
import type { EmulatorState } from './state.js';
import { UNSIGNED_STS_OPERATIONS } from './sts/index.js';

export interface Deps {
  state: EmulatorState;
  identities: IdentityStore;
  commands: CommandService;
  knobs: Knobs;
  log: RequestLog;
  /** Where unexpected emulator failures are reported (they also answer 500). */
  onBug: (error: unknown) => void;
}

type Outcome = Answer | 'reset';

/** One request in flight: what it asks, who sent it, and its line in the request log. */
interface Call {
  parsed: ParsedRequest;
  req: IncomingMessage;
  entry: RequestRecord;
  requestId: string;
}

export async function handle(req: IncomingMessage, res: ServerResponse, body: string, deps: Deps) {
  const parsed = parseRequest(req.headers, req.url ?? '/', body);
  const service = parsed.service?.name ?? 'unknown';
  const entry = deps.log.add({
    at: Date.now(),
    service,
    operation: parsed.operation,
    action: `${service}:${parsed.operation}`,
    accessKeyId: undefined,
    principalArn: undefined,
    region: undefined,
    input: parsed.input,
    status: undefined,
    errorCode: undefined,
    lost: false,
  });
  const call: Call = { parsed, req, entry, requestId: randomUUID() };
  const gateway = deps.knobs.takeGatewayHtml(entry.action);
  if (gateway !== undefined) {
    entry.status = gateway;
    entry.errorCode = 'GatewayHtml';
    res.writeHead(gateway, { 'content-type': 'text/html' }).end(gatewayPage(gateway));
    return;
  }
  const outcome = await answer(call, deps);
  if (outcome === 'reset') {
    entry.lost = true;
    req.socket.destroy();
    return;
  }
  entry.status = outcome.status;
  entry.errorCode = outcome.errorCode;
  write(res, outcome, call.requestId);
}

async function answer(call: Call, deps: Deps): Promise<Outcome> {
  const { dialect } = call.parsed;
  try {
    return await perform(call, deps);
  } catch (error) {
    if (error instanceof AwsError) return failure(dialect, error, call.requestId);
    deps.onBug(error);
    const bug = new AwsError('InternalFailure', `emulator bug: ${String(error)}`, 500);
    return failure(dialect, bug, call.requestId);
  }
}

async function perform(call: Call, deps: Deps): Promise<Outcome> {
  const { parsed, entry } = call;
  const { service, dialect, operation } = parsed;
  if (parsed.problem !== undefined || service === undefined) {
    throw parsed.problem ?? new AwsError('UnknownOperationException', undefined);
  }
  const identity = authenticate(call, deps);
  const ctx: CallContext = {
    state: deps.state,
    identities: deps.identities,
    commands: deps.commands,
    identity,
    region: entry.region ?? deps.state.region,
    input: new Input(parsed.input, service.invalid),
  };
  await applyKnobs(call, deps, ctx);
  const result = strays(
    entry.action,
    await service.operations[operation]?.(ctx),
    deps.knobs.strayTaskArns,
  );
  const lost = deps.knobs.takeLostResponse(entry.action);
  if (lost === 'reset') return 'reset';
  if (lost === '500') {
    entry.lost = true;
    throw internalError(service.name);
  }
  return success(dialect, operation, result, call.requestId);
}

/** Latency first (a slow answer), then throttling and rate quotas, then the denied actions. */
async function applyKnobs(call: Call, deps: Deps, ctx: CallContext): Promise<void> {
  const { action } = call.entry;
  const { dialect, operation, service } = call.parsed;
  const latency = deps.knobs.latency(action);
  if (latency > 0) await sleep(latency);
  // The random throttle knob, then the account's rate buckets (ADR 0190).
  if (deps.knobs.throttles(action) || deps.knobs.overRate(action)) throw throttled(dialect);
  const who = ctx.identity?.arn;
  if (who !== undefined && service !== undefined && deps.knobs.denies(action, who)) {
    throw accessDenied(dialect, who, action, service.resourceOf(operation, ctx));
  }
}

function authenticate(call: Call, deps: Deps): Identity | undefined {
  const { dialect, service, operation } = call.parsed;
  const header = call.req.headers.authorization;
  const unsigned = service?.name === 'sts' && UNSIGNED_STS_OPERATIONS.has(operation);
  if (unsigned && header === undefined) return undefined;
  const credential = parseAuthorization(header, dialect);
  if (credential instanceof AwsError) throw credential;
  call.entry.accessKeyId = credential.accessKeyId;
  call.entry.region = credential.region;
  const expected = service?.name ?? '';
  if (credential.service !== expected) {
    throw authErrors.wrongScope(
      dialect,
      `Credential should be scoped to correct service: '${expected}'. `,
    );
  }
  const identity = resolveIdentity(call, deps, credential.accessKeyId);
  call.entry.principalArn = identity.arn;
  return identity;
}

function resolveIdentity(call: Call, deps: Deps, accessKeyId: string): Identity {
  const token = call.req.headers['x-amz-security-token'];
  const sessionToken = typeof token === 'string' ? token : undefined;
  const identity = deps.identities.resolve(accessKeyId, sessionToken, call.parsed.dialect);
  if (identity instanceof AwsError) throw identity;
  return identity;
}

/** What nginx or a load balancer sends when the backend is gone: not AWS's JSON. */
function gatewayPage(status: number): string {
  const title = status === 502 ? '502 Bad Gateway' : `${status} Internal Server Error`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
}

/** The last page of ListTasks with the stray ARNs a misbehaving endpoint adds. */
function strays(action: string, result: unknown, arns: readonly string[]): unknown {
  if (action !== 'ecs:ListTasks' || arns.length === 0) return result;
  const page = result as { taskArns?: string[]; nextToken?: string };
  if (page.nextToken !== undefined) return result;
  return { ...page, taskArns: [...(page.taskArns ?? []), ...arns] };
}
