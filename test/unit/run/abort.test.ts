import { describe, expect, it } from '@jest/globals';
import { ec2Id } from '../experiment/fixtures.js';
import { chaosResult, run, world } from './fakes/harness.js';

const START = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('run: SIGTERM and SIGINT', () => {
  it('mid-window: reverts every target at once and exits 143', async () => {
    const w = world();
    w.clock.at(START + 10_000, () => {
      w.abort.abort('SIGTERM');
    });
    expect(await run(w)).toBe(143);
    expect(w.ssm.timeline()).toEqual([
      `inject run-1-aaaaaaaa → ${ec2Id(1)},${ec2Id(2)}`,
      `revert run-1-aaaaaaaa → ${ec2Id(1)},${ec2Id(2)}`,
    ]);
    // Not at the end of the window: right away.
    expect(w.ssm.sent[1]!.atMs).toBeLessThan(START + 11_000);
    expect(w.lines.some((line) => line.phase === 'abort')).toBe(true);
    const proven = w.lines.filter((line) => line.message.endsWith(': proven clean'));
    expect(proven.map((line) => [line.phase, line.message])).toEqual([
      ['abort', `reverted ${ec2Id(1)}: proven clean`],
      ['abort', `reverted ${ec2Id(2)}: proven clean`],
    ]);
    expect(w.lines.at(-1)?.message).toContain('exit 143');
    // Proven clean by the abort's revert: the history says so, not `injected`.
    expect(chaosResult(w).status.history.targets.map((target) => target.chaosStatus)).toEqual([
      'reverted',
      'reverted',
      'reverted',
    ]);
  });

  it('SIGINT exits 130', async () => {
    const w = world();
    w.clock.at(START + 10_000, () => {
      w.abort.abort('SIGINT');
    });
    expect(await run(w)).toBe(130);
  });

  it('during the inject: cancels the command in flight, then reverts every host it went to', async () => {
    const w = world();
    w.ssm.behaviours.set(ec2Id(2), { inject: 'never-ends' });
    w.clock.at(START + 3_000, () => {
      w.abort.abort('SIGTERM');
    });
    expect(await run(w)).toBe(143);
    expect(w.ssm.cancels).toEqual([w.ssm.sent[0]!.commandId]);
    expect(w.ssm.timeline()[1]).toBe(`revert run-1-aaaaaaaa → ${ec2Id(1)},${ec2Id(2)}`);
  });

  it('before any inject: nothing to revert, nothing sent', async () => {
    const w = world();
    w.clock.at(START + 5_000, () => {
      w.abort.abort('SIGTERM');
    });
    expect(await run(w, { env: { RAMP_TIME: '60' } })).toBe(143);
    expect(w.ssm.sent).toHaveLength(0);
  });

  it('keeps the revert within TERMINATION_GRACE_PERIOD_SECONDS and says which hosts are unproven', async () => {
    const w = world();
    w.ssm.behaviours.set(ec2Id(1), { revert: 'never-ends' });
    w.clock.at(START + 10_000, () => {
      w.abort.abort('SIGTERM');
    });
    const code = await run(w, { env: { TERMINATION_GRACE_PERIOD_SECONDS: '20' } });
    expect(code).toBe(3);
    expect(w.clock.now()).toBeLessThanOrEqual(START + 10_000 + 20_000);
    const manual = w.lines.find((line) => line.message.startsWith('revert not proven on'));
    expect(manual?.fields['instance']).toBe(ec2Id(1));
    // Only the tasks on the host that proved clean are `reverted`.
    const statuses = chaosResult(w).status.history.targets.map((target) => target.chaosStatus);
    expect(statuses.filter((status) => status === 'reverted')).toHaveLength(1);
    expect(statuses.filter((status) => status === 'injected')).toHaveLength(2);
  });

  it('during a slow revert: stops waiting when the grace period runs out', async () => {
    const w = world();
    w.ssm.behaviours.set(ec2Id(2), { revert: 'never-ends' });
    w.clock.at(START + 40_000, () => {
      w.abort.abort('SIGTERM');
    });
    expect(await run(w, { env: { TERMINATION_GRACE_PERIOD_SECONDS: '30' } })).toBe(3);
    expect(w.clock.now()).toBeLessThanOrEqual(START + 40_000 + 30_000);
    const manual = w.lines.filter((line) => line.message.startsWith('revert not proven on'));
    expect(manual.map((line) => line.fields['instance'])).toContain(ec2Id(2));
  });

  it('TERMINATION_GRACE_PERIOD_SECONDS=0, what the runner sets when the engine gives none, is not a zero budget', async () => {
    const w = world();
    w.clock.at(START + 10_000, () => {
      w.abort.abort('SIGTERM');
    });
    expect(await run(w, { env: { TERMINATION_GRACE_PERIOD_SECONDS: '0' } })).toBe(143);
    const proven = w.lines.filter((line) => line.message.endsWith(': proven clean'));
    expect(proven).toHaveLength(2);
    expect(chaosResult(w).status.experimentStatus.verdict).toBe('Stopped');
    expect(w.lines.some((line) => line.message.includes('reverting within 30 s'))).toBe(true);
  });

  it("budgets the revert on the pod's own terminationGracePeriodSeconds, not the variable", async () => {
    const w = world();
    w.ssm.behaviours.set(ec2Id(1), { revert: 'never-ends' });
    w.clock.at(START + 10_000, () => {
      w.abort.abort('SIGTERM');
    });
    const code = await run(w, {
      env: { TERMINATION_GRACE_PERIOD_SECONDS: '120' },
      podGraceSeconds: 12,
    });
    expect(code).toBe(3);
    // The kubelet kills the pod 12 s after the signal: the result is written before that.
    expect(w.clock.now()).toBeLessThanOrEqual(START + 10_000 + 12_000);
    expect(w.lines.some((line) => line.message.includes('reverting within 12 s'))).toBe(true);
  });

  it('SIGTERM while SSM throttles: the calls in flight are dropped and the revert gives up at its deadline (ADR 0151)', async () => {
    const w = world();
    w.clock.at(START + 10_000, () => {
      // Each call would retry for 25 s, past the 10 s the kubelet gives.
      w.ssm.throttle(25_000);
      w.abort.abort('SIGTERM');
    });
    expect(await run(w, { env: { TERMINATION_GRACE_PERIOD_SECONDS: '10' } })).toBe(3);
    expect(w.clock.now()).toBeLessThanOrEqual(START + 10_000 + 10_000);
    const status = chaosResult(w).status.experimentStatus;
    expect(status.verdict).toBe('Error');
    expect(status.errorOutput?.errorCode).toBe('CHAOS_REVERT_ERROR');
  });

  it('SIGTERM during a throttled inject SendCommand: the call is dropped at once, the revert bounded', async () => {
    const w = world();
    w.ssm.throttle(25_000);
    w.clock.at(START + 3_000, () => {
      w.abort.abort('SIGTERM');
    });
    await run(w, { env: { TERMINATION_GRACE_PERIOD_SECONDS: '10' } });
    expect(w.clock.now()).toBeLessThanOrEqual(START + 3_000 + 10_000);
    // The inject dropped by the signal is not a cause of its own; the revert says why it stopped.
    const reason = chaosResult(w).status.experimentStatus.errorOutput?.reason ?? '';
    expect(reason).not.toContain('abandoned: SIGTERM');
    expect(reason).toContain(
      'ssm:SendCommand abandoned: the grace period after the signal ran out',
    );
  });

  it('serial, mid-second-step: reverts that step and stops (no third step)', async () => {
    const w = world();
    w.clock.at(START + 45_000, () => {
      w.abort.abort('SIGTERM');
    });
    expect(await run(w, { env: { SEQUENCE: 'serial' } })).toBe(143);
    const modes = w.ssm.sent.map(
      (one) => `${one.payload.header.mode} ${one.payload.header.chaosId}`,
    );
    expect(modes).toEqual([
      'inject run-1-aaaaaaaa-s1',
      'revert run-1-aaaaaaaa-s1',
      'inject run-1-aaaaaaaa-s2',
      'revert run-1-aaaaaaaa-s2',
    ]);
  });
});
