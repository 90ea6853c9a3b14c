import type { Clock } from '../core/clock.js';
import type { Invocation, InvocationStatus, SsmApi } from '../experiment/aws-api.js';
import { listedInvocation } from './listed.js';
import { messageOf } from '../core/message.js';

/** Delays between poll rounds: start short (a host is often done in a second), grow. */
export interface PollPolicy {
  readonly firstMs: number;
  readonly maxMs: number;
  readonly factor: number;
}

export const DEFAULT_POLL: PollPolicy = { firstMs: 500, maxMs: 3000, factor: 1.5 };

const TERMINAL: ReadonlySet<InvocationStatus> = new Set([
  'Success',
  'Cancelled',
  'TimedOut',
  'Failed',
]);

export function isTerminal(status: InvocationStatus): boolean {
  return TERMINAL.has(status);
}

/** The last word on one instance: SSM's final invocation, or why there is none. */
export type Final =
  | { readonly kind: 'ended'; readonly invocation: Invocation }
  | {
      readonly kind: 'unfinished';
      /** The last status seen, or undefined when SSM never showed the invocation. */
      readonly lastStatus: InvocationStatus | undefined;
      readonly lastDetails: string;
      readonly why: 'deadline' | 'aborted' | 'ssm-error';
      /** The last error SSM answered a poll round with, if any. */
      readonly lastError?: string;
    };

/**
 * Poll rounds that may fail in a row (after the SDK's own retries) before the wait gives up:
 * a blip is waited through, a lasting refusal (AccessDenied, expired credentials) ends the
 * wait with the hosts named instead of throwing past the revert.
 */
export const MAX_FAILED_ROUNDS = 3;

/**
 * How a round learns the invocations' statuses (ADR 0154): `list`, one
 * ListCommandInvocations for up to 50 hosts; `get`, one GetCommandInvocation per host still
 * open, for identities without ListCommandInvocations (the fault's published policy).
 */
export type PollVia = 'list' | 'get';

export interface PollInput {
  readonly ssm: SsmApi;
  readonly via: PollVia;
  readonly clock: Clock;
  readonly policy: PollPolicy;
  readonly commandId: string;
  readonly instanceIds: readonly string[];
  /** Absolute (clock) time after which the remaining instances are reported unfinished. */
  readonly untilMs: number;
  readonly signal?: AbortSignal;
}

type Seen = Map<string, { status: InvocationStatus; details: string }>;

/** One round: list the command's invocations, fetch the output of those that ended. */
async function pollRound(input: PollInput, finals: Map<string, Final>, seen: Seen) {
  const { ssm, commandId } = input;
  const rows = await input.ssm.listInvocations(commandId);
  for (const row of rows) {
    if (!input.instanceIds.includes(row.instanceId) || finals.has(row.instanceId)) continue;
    seen.set(row.instanceId, { status: row.status, details: row.statusDetails });
    if (!isTerminal(row.status)) continue;
    // A whole output in the listing saves the Get (ADR 0192); GetCommandInvocation may
    // still answer InvocationDoesNotExist: next round then.
    const invocation =
      listedInvocation(row) ?? (await ssm.getInvocation(commandId, row.instanceId));
    if (invocation !== undefined && isTerminal(invocation.status)) {
      finals.set(row.instanceId, { kind: 'ended', invocation });
    }
  }
}

/** One round without ListCommandInvocations: each open host's invocation, output included. */
async function getRound(input: PollInput, finals: Map<string, Final>, seen: Seen) {
  for (const instanceId of input.instanceIds) {
    if (finals.has(instanceId)) continue;
    const invocation = await input.ssm.getInvocation(input.commandId, instanceId);
    if (invocation === undefined) continue;
    seen.set(instanceId, { status: invocation.status, details: invocation.statusDetails });
    if (isTerminal(invocation.status)) finals.set(instanceId, { kind: 'ended', invocation });
  }
}

/**
 * Waits for every invocation of a command: ListCommandInvocations each round (one call
 * for up to 50 hosts, with their output), then GetCommandInvocation only for a host that
 * ended without its whole output in the listing.
 * InvocationDoesNotExist (for a while after SendCommand) means "poll again"; Pending,
 * InProgress, Delayed and Cancelling keep it waiting.
 */
export async function awaitInvocations(input: PollInput): Promise<ReadonlyMap<string, Final>> {
  const finals = new Map<string, Final>();
  const seen: Seen = new Map();
  const failed = await pollUntilDone(input, finals, seen);
  const why = whyUnfinished(input, failed.rounds);
  for (const id of input.instanceIds.filter((one) => !finals.has(one))) {
    const last = seen.get(id);
    finals.set(id, {
      kind: 'unfinished',
      lastStatus: last?.status,
      lastDetails: last?.details ?? '',
      why,
      ...(failed.last === undefined ? {} : { lastError: failed.last }),
    });
  }
  return finals;
}

interface Failed {
  rounds: number;
  last: string | undefined;
}

async function pollUntilDone(input: PollInput, finals: Map<string, Final>, seen: Seen) {
  const { clock, policy, signal } = input;
  const failed: Failed = { rounds: 0, last: undefined };
  const done = (): boolean => input.instanceIds.every((id) => finals.has(id));
  const stopped = (): boolean =>
    whyUnfinished(input, failed.rounds) !== 'deadline' || clock.now() >= input.untilMs;
  let delay = policy.firstMs;
  while (!done() && !stopped()) {
    try {
      await (input.via === 'get' ? getRound : pollRound)(input, finals, seen);
      failed.rounds = 0;
    } catch (error) {
      failed.rounds += 1;
      failed.last = messageOf(error);
    }
    if (done() || stopped()) break;
    const wait = Math.min(delay, Math.max(0, input.untilMs - clock.now()));
    await clock.sleep(wait, signal).catch(() => undefined);
    delay = Math.min(policy.maxMs, delay * policy.factor);
  }
  return failed;
}

function whyUnfinished(
  input: PollInput,
  failedRounds: number,
): 'deadline' | 'aborted' | 'ssm-error' {
  if (input.signal?.aborted === true) return 'aborted';
  return failedRounds >= MAX_FAILED_ROUNDS ? 'ssm-error' : 'deadline';
}
