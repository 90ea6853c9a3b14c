import type { Clock } from '../core/clock.js';
import type { InvocationSummary, SsmApi } from '../experiment/aws-api.js';
import { isTerminal } from './poll.js';

/** A command counts as followed while it was polled this recently. */
const ACTIVE_MS = 5_000;
/** SSM's RequestedDateTime against our own clock, and the listing's own latency. */
const SKEW_MS = 2_000;
const PAGE = 50;

interface Sent {
  /** SSM's RequestedDateTime (its clock): what InvokedAfter compares. */
  readonly requestedAt: number;
  /** Our clock when SendCommand answered: a listing started before it cannot show it. */
  readonly answeredAt: number;
  readonly instances: number;
}

interface Listing {
  readonly seq: number;
  readonly startedAt: number;
  /** Undefined when the page budget ran out before the listing did. */
  readonly rows: Promise<ReadonlyMap<string, InvocationSummary[]> | undefined>;
}

/**
 * Many small commands (a big host script leaves room for few hosts per command) are
 * followed with one account-wide ListCommandInvocations, filtered to AWS-RunShellScript
 * since the oldest followed command, instead of one call per command per round (ADR 0192).
 * A poll is served by a listing that started after its own previous poll, so every poll
 * still sees news; a listing under way is joined, not repeated. With few commands, or
 * when the listing would take more pages than the commands it replaces, or when it came
 * back incomplete, the command is listed on its own, as before.
 */
export function batchedListing(ssm: SsmApi, clock: Clock): SsmApi {
  const recent = ssm.listRecentInvocations?.bind(ssm);
  if (recent === undefined) return ssm;
  const batcher = new Batcher(ssm, recent, clock);
  return {
    describeInstances: (ids) => ssm.describeInstances(ids),
    getInvocation: (commandId, instanceId) => ssm.getInvocation(commandId, instanceId),
    cancelCommand: (commandId, ids) => ssm.cancelCommand(commandId, ids),
    mayCall: (action, instanceId) => ssm.mayCall(action, instanceId),
    listRecentInvocations: recent,
    sendCommand: async (request) => {
      const out = await ssm.sendCommand(request);
      batcher.sent(out.commandId, out.requestedAt, request.instanceIds.length);
      return out;
    },
    listInvocations: (commandId) => batcher.list(commandId),
  };
}

type ListRecent = NonNullable<SsmApi['listRecentInvocations']>;

class Batcher {
  private readonly commands = new Map<string, Sent>();
  private readonly asked = new Map<string, number>();
  /** The listing that answered each command's previous poll: never serve it again. */
  private readonly servedBy = new Map<string, number>();
  private last: Listing | undefined;
  private seq = 0;

  constructor(
    private readonly ssm: SsmApi,
    private readonly listRecent: ListRecent,
    private readonly clock: Clock,
  ) {}

  sent(commandId: string, requestedAt: number | undefined, instances: number): void {
    const answeredAt = this.clock.now();
    this.commands.set(commandId, { requestedAt: requestedAt ?? answeredAt, answeredAt, instances });
  }

  async list(commandId: string): Promise<readonly InvocationSummary[]> {
    const previous = this.asked.get(commandId);
    this.asked.set(commandId, this.clock.now());
    const rows = await this.listing(commandId, previous)?.rows;
    const own =
      rows === undefined ? await this.ssm.listInvocations(commandId) : (rows.get(commandId) ?? []);
    // Every host ended: its poll is over (ask again to come back), and it no longer holds
    // the listing's InvokedAfter back, so the next listings page only what still runs.
    if (own.length >= (this.commands.get(commandId)?.instances ?? Infinity)) {
      if (own.every((row) => isTerminal(row.status))) this.asked.delete(commandId);
    }
    return own;
  }

  private listing(commandId: string, previous: number | undefined): Listing | undefined {
    const now = this.clock.now();
    const own = this.commands.get(commandId);
    const ids = [...this.asked]
      .filter(([id, at]) => now - at <= ACTIVE_MS && this.commands.has(id))
      .map(([id]) => id);
    if (own === undefined || ids.length < 2) return undefined;
    const oldest = Math.min(...ids.map((id) => this.commands.get(id)?.requestedAt ?? now));
    const since = oldest - SKEW_MS;
    const listed = [...this.commands.values()].filter((one) => one.requestedAt >= since);
    const pages = Math.ceil(listed.reduce((n, one) => n + one.instances, 0) / PAGE);
    if (pages >= ids.length) return undefined;
    const fresh = Math.max(previous ?? -Infinity, own.answeredAt);
    const seen = this.servedBy.get(commandId) ?? 0;
    if (this.last === undefined || this.last.seq <= seen || this.last.startedAt < fresh) {
      this.seq += 1;
      this.last = { seq: this.seq, startedAt: now, rows: this.listAll(since, pages + 2) };
    }
    this.servedBy.set(commandId, this.last.seq);
    return this.last;
  }

  private async listAll(since: number, maxPages: number) {
    const byCommand = new Map<string, InvocationSummary[]>();
    let nextToken: string | undefined;
    for (let page = 0; page < maxPages; page += 1) {
      const out = await this.listRecent(since, nextToken);
      for (const row of out.rows) {
        const id = row.commandId ?? '';
        byCommand.set(id, [...(byCommand.get(id) ?? []), row]);
      }
      nextToken = out.nextToken;
      if (nextToken === undefined) return byCommand;
    }
    return undefined;
  }
}
