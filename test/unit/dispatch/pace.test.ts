// The run's own SSM pace (ADR 0192) on virtual time: a burst, then the sustained rate, per
// action; concurrent callers queued in order; the decorator takes a slot for every call.
import { describe, expect, it } from '@jest/globals';
import { CallPace, SSM_PACE } from '../../../src/dispatch/pace.js';
import { pacedSsm } from '../../../src/dispatch/paced-ssm.js';
import type { SsmApi } from '../../../src/experiment/aws-api.js';
import { Abandoned } from '../../../src/errors/abandoned.js';
import { VirtualClock } from '../run/fakes/clock.js';

const SCOPE = { phaseOf: () => 'inject' as const, signalOf: () => new AbortController().signal };

/** When each of `n` concurrent take()s of one key returned, in ms after the start. */
async function release(pace: CallPace, clock: VirtualClock, key: string, n: number) {
  const start = clock.now();
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: n }, () => pace.take(key).then(() => times.push(clock.now() - start))),
  );
  return times.sort((a, b) => a - b);
}

describe('CallPace', () => {
  it('lets the burst through at once, then one call per 1/rate s', async () => {
    const clock = new VirtualClock();
    const pace = new CallPace(clock, { perSecond: 4, burst: 8 });
    const times = await release(pace, clock, 'ssm:ListCommandInvocations', 12);
    expect(times).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 250, 500, 750, 1000]);
  });

  it('never lets more than burst + rate × t through in any t seconds', async () => {
    const clock = new VirtualClock();
    const pace = new CallPace(clock);
    const times = await release(pace, clock, 'ssm:SendCommand', 60);
    for (const from of times) {
      const inOneSecond = times.filter((t) => t >= from && t < from + 1000).length;
      expect(inOneSecond).toBeLessThanOrEqual(SSM_PACE.burst + SSM_PACE.perSecond);
    }
    expect(times.at(-1)).toBe(((60 - SSM_PACE.burst) / SSM_PACE.perSecond) * 1000);
  });

  it('keeps one bucket per action, and refills while idle', async () => {
    const clock = new VirtualClock();
    const pace = new CallPace(clock, { perSecond: 2, burst: 2 });
    expect(await release(pace, clock, 'a', 3)).toEqual([0, 0, 500]);
    expect(await release(pace, clock, 'b', 2)).toEqual([0, 0]);
    await clock.sleep(10_000);
    expect(await release(pace, clock, 'a', 2)).toEqual([0, 0]);
  });

  it('gives an aborted wait its slot back: a dropped queue does not delay the next call', async () => {
    const clock = new VirtualClock();
    const pace = new CallPace(clock, { perSecond: 1, burst: 1 });
    await pace.take('a');
    const halt = new AbortController();
    const queued = Array.from({ length: 5 }, () => pace.take('a', halt.signal));
    halt.abort('SIGTERM');
    for (const one of queued) await expect(one).rejects.toThrow('aborted');
    // Five slots were promised ahead and none used: the next caller waits one slot only.
    expect(await release(pace, clock, 'a', 1)).toEqual([1000]);
  });
});

/** An SSM port that answers every call at once with nothing. */
const PORT: SsmApi = {
  describeInstances: () => Promise.resolve([]),
  sendCommand: () => Promise.resolve({ commandId: 'c' }),
  listInvocations: () => Promise.resolve([]),
  listRecentInvocations: () => Promise.resolve({ rows: [] }),
  getInvocation: () => Promise.resolve(undefined),
  cancelCommand: () => Promise.resolve(),
  mayCall: () => Promise.resolve(true),
};

describe('pacedSsm', () => {
  it('takes a slot for each call, by its IAM action, and one per 50 instance ids described', async () => {
    const clock = new VirtualClock();
    const taken: string[] = [];
    const pace = {
      take: (key: string) => {
        taken.push(key);
        return Promise.resolve();
      },
    } as unknown as CallPace;
    const described: number[] = [];
    const ssm: SsmApi = {
      ...PORT,
      describeInstances: (ids) => {
        described.push(ids.length);
        return Promise.resolve([]);
      },
    };
    const paced = pacedSsm(ssm, pace, SCOPE);
    await paced.describeInstances(Array.from({ length: 120 }, (_, i) => `i-${i}`));
    await paced.listInvocations('c');
    await paced.listRecentInvocations?.(clock.now());
    await paced.getInvocation('c', 'i-1');
    await paced.cancelCommand('c');
    expect(taken).toEqual([
      'ssm:DescribeInstanceInformation',
      'ssm:DescribeInstanceInformation',
      'ssm:DescribeInstanceInformation',
      'ssm:ListCommandInvocations',
      'ssm:ListCommandInvocations',
      'ssm:GetCommandInvocation',
      'ssm:CancelCommand',
    ]);
    expect(described).toEqual([50, 50, 20]);
  });

  it('binds the wait for a slot to the call scope: a halt abandons queued calls, none is sent', async () => {
    const clock = new VirtualClock();
    const pace = new CallPace(clock, { perSecond: 1, burst: 1 });
    const halt = new AbortController();
    const sent: string[] = [];
    const ssm = {
      ...PORT,
      sendCommand: (request: { instanceIds: readonly string[] }) => {
        sent.push(request.instanceIds.join());
        return Promise.resolve({ commandId: 'c' });
      },
    } as unknown as SsmApi;
    const scope = { phaseOf: () => 'inject' as const, signalOf: () => halt.signal };
    const paced = pacedSsm(ssm, pace, scope);
    const request = (id: string) => ({ instanceIds: [id], commands: [], timeoutSeconds: 1 });
    await paced.sendCommand(request('i-1') as never);
    const second = paced.sendCommand(request('i-2') as never);
    clock.at(clock.now() + 100, () => {
      halt.abort('SIGTERM');
    });
    const error: unknown = await second.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Abandoned);
    expect((error as Abandoned).message).toContain('ssm:SendCommand abandoned: SIGTERM');
    expect((error as Abandoned).phase).toBe('inject');
    expect(sent).toEqual(['i-1']);
  });
});
