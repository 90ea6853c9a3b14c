import { describe, expect, it } from '@jest/globals';
import { MAX_FAILED_ROUNDS, awaitInvocations } from '../../../src/dispatch/poll.js';
import type { Invocation, InvocationSummary, SsmApi } from '../../../src/experiment/aws-api.js';
import { VirtualClock } from '../run/fakes/clock.js';

/** An SSM whose list and get answers follow a script per round. */
function scripted(
  rounds: { list: InvocationSummary[]; get: Record<string, Invocation | undefined> }[],
) {
  let round = -1;
  const calls = { list: 0, get: [] as string[] };
  const current = () => rounds[Math.min(round, rounds.length - 1)]!;
  const ssm: SsmApi = {
    describeInstances: () => Promise.resolve([]),
    sendCommand: () => Promise.reject(new Error('not here')),
    cancelCommand: () => Promise.resolve(),
    mayCall: () => Promise.resolve(true),
    listInvocations: () => {
      round += 1;
      calls.list += 1;
      return Promise.resolve(current().list);
    },
    getInvocation: (_id, instance) => {
      calls.get.push(instance);
      return Promise.resolve(current().get[instance]);
    },
  };
  return { ssm, calls };
}

const done: Invocation = {
  status: 'Success',
  statusDetails: 'Success',
  responseCode: 0,
  stdout: 'x',
  stderr: '',
};
const row = (instanceId: string, status: InvocationSummary['status']): InvocationSummary => ({
  instanceId,
  status,
  statusDetails: status,
});
const policy = { firstMs: 500, maxMs: 2000, factor: 2 };

describe('awaitInvocations', () => {
  it('polls again while SSM does not show the invocation, or answers InvocationDoesNotExist', async () => {
    const clock = new VirtualClock();
    const { ssm, calls } = scripted([
      { list: [], get: {} },
      { list: [row('i-1', 'Success')], get: { 'i-1': undefined } },
      { list: [row('i-1', 'Success')], get: { 'i-1': done } },
    ]);
    const finals = await awaitInvocations({
      ssm,
      via: 'list',
      clock,
      policy,
      commandId: 'c',
      instanceIds: ['i-1'],
      untilMs: clock.now() + 60_000,
    });
    expect(finals.get('i-1')).toEqual({ kind: 'ended', invocation: done });
    expect(calls.list).toBe(3);
    expect(calls.get).toEqual(['i-1', 'i-1']);
    // Delays grow from the first to the cap.
    expect(clock.sleeps).toEqual([500, 1000]);
  });

  it('waits through Pending, InProgress, Delayed and Cancelling, and fetches output only at the end', async () => {
    const clock = new VirtualClock();
    const { ssm, calls } = scripted([
      { list: [row('i-1', 'Pending'), row('i-2', 'Delayed')], get: {} },
      { list: [row('i-1', 'InProgress'), row('i-2', 'Cancelling')], get: {} },
      {
        list: [row('i-1', 'Success'), row('i-2', 'Cancelled')],
        get: { 'i-1': done, 'i-2': { ...done, status: 'Cancelled' } },
      },
    ]);
    const finals = await awaitInvocations({
      ssm,
      via: 'list',
      clock,
      policy,
      commandId: 'c',
      instanceIds: ['i-1', 'i-2'],
      untilMs: clock.now() + 60_000,
    });
    expect([...finals.values()].every((final) => final.kind === 'ended')).toBe(true);
    expect(calls.get.sort()).toEqual(['i-1', 'i-2']);
  });

  it('gives up at the deadline, saying what it saw last', async () => {
    const clock = new VirtualClock();
    const { ssm } = scripted([{ list: [row('i-1', 'InProgress')], get: {} }]);
    const finals = await awaitInvocations({
      ssm,
      via: 'list',
      clock,
      policy,
      commandId: 'c',
      instanceIds: ['i-1', 'i-2'],
      untilMs: clock.now() + 10_000,
    });
    expect(finals.get('i-1')).toEqual({
      kind: 'unfinished',
      lastStatus: 'InProgress',
      lastDetails: 'InProgress',
      why: 'deadline',
    });
    expect(finals.get('i-2')).toMatchObject({ kind: 'unfinished', lastStatus: undefined });
    expect(clock.now()).toBeLessThanOrEqual(Date.UTC(2026, 10, 25, 12, 0, 10));
  });

  it('stops at once on abort', async () => {
    const clock = new VirtualClock();
    const abort = new AbortController();
    clock.at(clock.now() + 1_200, () => {
      abort.abort('SIGTERM');
    });
    const { ssm } = scripted([{ list: [row('i-1', 'InProgress')], get: {} }]);
    const finals = await awaitInvocations({
      ssm,
      via: 'list',
      clock,
      policy,
      commandId: 'c',
      instanceIds: ['i-1'],
      untilMs: clock.now() + 60_000,
      signal: abort.signal,
    });
    expect(finals.get('i-1')).toMatchObject({ kind: 'unfinished', why: 'aborted' });
  });

  it('waits through SSM refusing a round or two, then reads the answer', async () => {
    const clock = new VirtualClock();
    const { ssm, calls } = scripted([{ list: [row('i-1', 'Success')], get: { 'i-1': done } }]);
    let refusals = 2;
    const flaky: SsmApi = {
      ...ssm,
      listInvocations: (id) =>
        refusals-- > 0 ? Promise.reject(new Error('ThrottlingException')) : ssm.listInvocations(id),
    };
    const finals = await awaitInvocations({
      ssm: flaky,
      via: 'list',
      clock,
      policy,
      commandId: 'c',
      instanceIds: ['i-1'],
      untilMs: clock.now() + 60_000,
    });
    expect(finals.get('i-1')).toEqual({ kind: 'ended', invocation: done });
    expect(calls.list).toBe(1);
  });

  it('gives up after MAX_FAILED_ROUNDS refusals in a row, naming the error, without throwing', async () => {
    const clock = new VirtualClock();
    const { ssm } = scripted([{ list: [], get: {} }]);
    let attempts = 0;
    const denied: SsmApi = {
      ...ssm,
      listInvocations: () => {
        attempts += 1;
        return Promise.reject(new Error('AccessDeniedException: ssm:ListCommandInvocations'));
      },
    };
    const started = clock.now();
    const finals = await awaitInvocations({
      ssm: denied,
      via: 'list',
      clock,
      policy,
      commandId: 'c',
      instanceIds: ['i-1'],
      untilMs: started + 600_000,
    });
    expect(attempts).toBe(MAX_FAILED_ROUNDS);
    expect(finals.get('i-1')).toEqual({
      kind: 'unfinished',
      lastStatus: undefined,
      lastDetails: '',
      why: 'ssm-error',
      lastError: 'AccessDeniedException: ssm:ListCommandInvocations',
    });
    expect(clock.now() - started).toBeLessThan(10_000);
  });

  it('without ListCommandInvocations: one GetCommandInvocation per open host per round, never a list', async () => {
    const clock = new VirtualClock();
    const answers: Record<string, (Invocation | undefined)[]> = {
      'i-1': [undefined, { ...done, status: 'InProgress' }, done],
      'i-2': [done],
    };
    const { ssm, calls } = scripted([{ list: [], get: {} }]);
    const asked: string[] = [];
    const finals = await awaitInvocations({
      ssm: {
        ...ssm,
        getInvocation: (_id, instance) => {
          asked.push(instance);
          const queue = answers[instance]!;
          return Promise.resolve(queue.length > 1 ? queue.shift() : queue[0]);
        },
      },
      via: 'get',
      clock,
      policy,
      commandId: 'c',
      instanceIds: ['i-1', 'i-2'],
      untilMs: clock.now() + 60_000,
    });
    expect(calls.list).toBe(0);
    expect([...finals.values()].every((final) => final.kind === 'ended')).toBe(true);
    // i-2 ended in the first round and is not asked again.
    expect(asked).toEqual(['i-1', 'i-2', 'i-1', 'i-1']);
  });
});
