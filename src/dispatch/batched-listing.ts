import type { Clock, InvocationSummary, SsmPort } from '../experiment/ports.js';

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
export function batchedListing(ssm: SsmPort, clock: Clock): SsmPort {
  const recent = ssm.listRecentInvocations?.bind(ssm);
  if (recent === undefined) return ssm;
  const listRecent = recent;
  const sent = new Map<string, Sent>();
  const asked = new Map<string, number>();
  /** The listing that answered each command's previous poll: never serve it again. */
  const servedBy = new Map<string, number>();
  let last: Listing | undefined;
  let seq = 0;

  const followed = (now: number) =>
    [...asked].filter(([, at]) => now - at <= ACTIVE_MS).map(([id]) => id);

  async function listAll(since: number, maxPages: number) {
    const byCommand = new Map<string, InvocationSummary[]>();
    let nextToken: string | undefined;
    for (let page = 0; page < maxPages; page += 1) {
      const out = await listRecent(since, nextToken);
      for (const row of out.rows) {
        const id = row.commandId ?? '';
        byCommand.set(id, [...(byCommand.get(id) ?? []), row]);
      }
      nextToken = out.nextToken;
      if (nextToken === undefined) return byCommand;
    }
    return undefined;
  }

  function listing(commandId: string, previous: number | undefined): Listing | undefined {
    const now = clock.now();
    const own = sent.get(commandId);
    const ids = followed(now).filter((id) => sent.has(id));
    if (own === undefined || ids.length < 2) return undefined;
    const since = Math.min(...ids.map((id) => sent.get(id)?.requestedAt ?? now)) - SKEW_MS;
    const listed = [...sent.values()].filter((one) => one.requestedAt >= since);
    const pages = Math.ceil(listed.reduce((n, one) => n + one.instances, 0) / PAGE);
    if (pages >= ids.length) return undefined;
    const fresh = Math.max(previous ?? -Infinity, own.answeredAt);
    const seen = servedBy.get(commandId) ?? 0;
    if (last === undefined || last.seq <= seen || last.startedAt < fresh) {
      seq += 1;
      last = { seq, startedAt: now, rows: listAll(since, pages + 2) };
    }
    servedBy.set(commandId, last.seq);
    return last;
  }

  return {
    describeInstances: (ids) => ssm.describeInstances(ids),
    getInvocation: (commandId, instanceId) => ssm.getInvocation(commandId, instanceId),
    cancelCommand: (commandId, ids) => ssm.cancelCommand(commandId, ids),
    listRecentInvocations: listRecent,
    sendCommand: async (request) => {
      const out = await ssm.sendCommand(request);
      const answeredAt = clock.now();
      const requestedAt = out.requestedAt ?? answeredAt;
      sent.set(out.commandId, { requestedAt, answeredAt, instances: request.instanceIds.length });
      return out;
    },
    listInvocations: async (commandId) => {
      const previous = asked.get(commandId);
      asked.set(commandId, clock.now());
      const rows = await listing(commandId, previous)?.rows;
      if (rows === undefined) return ssm.listInvocations(commandId);
      return rows.get(commandId) ?? [];
    },
  };
}
