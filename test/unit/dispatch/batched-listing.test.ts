// Many small commands followed with one account-wide listing (ADR 0192), on virtual time.
import { describe, expect, it } from '@jest/globals';
import { batchedListing } from '../../../src/dispatch/batched-listing.js';
import type {
  InvocationPage,
  InvocationSummary,
  SendCommandRequest,
  SsmApi,
} from '../../../src/experiment/aws-api.js';
import { VirtualClock } from '../run/fakes/clock.js';

/** SSM with commands of `hosts` instances each; counts every listing call. */
function fakeSsm(clock: VirtualClock, withRecent = true) {
  const commands: { id: string; at: number; instances: readonly string[] }[] = [];
  const calls = { perCommand: [] as string[], recent: [] as { since: number; page: number }[] };
  /** Commands whose every host ended. */
  const ended = new Set<string>();
  const rowsOf = (command: (typeof commands)[number]): InvocationSummary[] =>
    command.instances.map((instanceId) => {
      const status = ended.has(command.id) ? 'Success' : 'InProgress';
      return { instanceId, commandId: command.id, status, statusDetails: status };
    });
  const ssm: SsmApi = {
    describeInstances: () => Promise.resolve([]),
    sendCommand: (request: SendCommandRequest) => {
      const id = `c-${commands.length + 1}`;
      commands.push({ id, at: clock.now(), instances: request.instanceIds });
      return Promise.resolve({ commandId: id, requestedAt: clock.now() });
    },
    listInvocations: (commandId) => {
      calls.perCommand.push(commandId);
      const command = commands.find((c) => c.id === commandId);
      return Promise.resolve(command === undefined ? [] : rowsOf(command));
    },
    getInvocation: () => Promise.resolve(undefined),
    mayCall: () => Promise.resolve(true),
    cancelCommand: () => Promise.resolve(),
    ...(withRecent
      ? {
          listRecentInvocations: (since: number, token?: string): Promise<InvocationPage> => {
            const page = token === undefined ? 0 : Number(token);
            calls.recent.push({ since, page });
            const all = commands.filter((c) => c.at >= since).flatMap(rowsOf);
            const rows = all.slice(page * 50, page * 50 + 50);
            const more = all.length > (page + 1) * 50;
            return Promise.resolve(more ? { rows, nextToken: String(page + 1) } : { rows });
          },
        }
      : {}),
  };
  return { ssm, calls, ended };
}

const request = (n: number, offset: number): SendCommandRequest => ({
  instanceIds: Array.from({ length: n }, (_, i) => `i-${offset + i}`),
  commands: ["P='QUJD'", 'script'],
  deliveryTimeoutSeconds: 30,
  executionTimeoutSeconds: 60,
  comment: 'ecs-http-chaos inject exp-1',
});

async function sendAll(ssm: SsmApi, count: number, hosts: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1)
    ids.push((await ssm.sendCommand(request(hosts, i * hosts))).commandId);
  return ids;
}

describe('batchedListing', () => {
  it('serves one round of 40 small commands with one listing of ceil(80/50) pages', async () => {
    const clock = new VirtualClock();
    const { ssm, calls } = fakeSsm(clock);
    const batched = batchedListing(ssm, clock);
    const ids = await sendAll(batched, 40, 2);
    await clock.sleep(500);
    const first = await Promise.all(ids.map((id) => batched.listInvocations(id)));
    const second = await Promise.all(ids.map((id) => batched.listInvocations(id)));
    // The first two polls are served alone (one listing would cost as much); then one listing
    // serves the rest, and the second round is one new listing for all.
    expect(first.every((rows, i) => rows.length === 2 && rows[0]!.commandId === ids[i])).toBe(true);
    expect(second.every((rows, i) => rows.length === 2 && rows[1]!.commandId === ids[i])).toBe(
      true,
    );
    expect(calls.perCommand).toEqual([ids[0], ids[1]]);
    expect(calls.recent.map((call) => call.page)).toEqual([0, 1, 0, 1]);
    expect(calls.recent[0]!.since).toBeLessThanOrEqual(clock.now() - 500);
  });

  it('a poll is never served a listing older than its own previous poll', async () => {
    const clock = new VirtualClock();
    const { ssm, calls } = fakeSsm(clock);
    const batched = batchedListing(ssm, clock);
    const ids = await sendAll(batched, 10, 1);
    await Promise.all(ids.map((id) => batched.listInvocations(id)));
    const listings = () => calls.recent.length;
    expect(listings()).toBe(1);
    await clock.sleep(1);
    await batched.listInvocations(ids[2]!);
    expect(listings()).toBe(2);
    await batched.listInvocations(ids[3]!);
    expect(listings()).toBe(2);
    await batched.listInvocations(ids[2]!);
    expect(listings()).toBe(3);
  });

  it('lists per command when that is cheaper: one command, or 50 hosts each', async () => {
    const clock = new VirtualClock();
    const { ssm, calls } = fakeSsm(clock);
    const batched = batchedListing(ssm, clock);
    const [only] = await sendAll(batched, 1, 3);
    await batched.listInvocations(only!);
    const big = await sendAll(batched, 3, 50);
    await Promise.all(big.map((id) => batched.listInvocations(id)));
    await Promise.all(big.map((id) => batched.listInvocations(id)));
    expect(calls.recent).toEqual([]);
    expect(calls.perCommand.length).toBe(7);
  });

  it('pages only what still runs: a command whose hosts all ended stops holding InvokedAfter back', async () => {
    const clock = new VirtualClock();
    const { ssm, calls, ended } = fakeSsm(clock);
    const batched = batchedListing(ssm, clock);
    const ids: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      ids.push(...(await sendAll(batched, 1, 5)));
      await clock.sleep(1_000);
    }
    const sentAt = (id: string) =>
      Date.parse('2026-11-25T12:00:00Z') + (Number(id.slice(2)) - 1) * 1_000;
    for (const id of ids.slice(0, 6)) ended.add(id);
    await Promise.all(ids.map((id) => batched.listInvocations(id)));
    expect(calls.recent.at(-1)!.since).toBe(sentAt(ids[0]!) - 2_000);
    await clock.sleep(1_000);
    // Only the four still running poll again: the listing starts from the oldest of them.
    await Promise.all(ids.slice(6).map((id) => batched.listInvocations(id)));
    expect(calls.recent.at(-1)!.since).toBe(sentAt(ids[6]!) - 2_000);
    expect(calls.recent.map((call) => call.page)).toEqual([0, 0]);
  });

  it('is the port itself when SSM offers no account-wide listing', () => {
    const clock = new VirtualClock();
    const { ssm } = fakeSsm(clock, false);
    expect(batchedListing(ssm, clock)).toBe(ssm);
  });

  it('falls back to the command listing when other traffic outgrows the page budget', async () => {
    const clock = new VirtualClock();
    const { ssm, calls } = fakeSsm(clock);
    const batched = batchedListing(ssm, clock);
    const ids = await sendAll(batched, 10, 1);
    // Someone else's command on 300 hosts, sent outside this run's port.
    await ssm.sendCommand(request(300, 1000));
    const rows = await Promise.all(ids.map((id) => batched.listInvocations(id)));
    expect(rows.every((list, i) => list[0]?.commandId === ids[i])).toBe(true);
    expect(calls.recent.length).toBeGreaterThan(0);
    expect(calls.perCommand.length).toBe(10);
  });
});
