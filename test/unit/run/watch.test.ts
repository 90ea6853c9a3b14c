// The watch during the window (ADR 0140), through the whole run on the virtual clock:
// fake hosts answer `status` as the host script does for a proxy that keeps running, was
// killed, crashed and was restarted, was removed or replaced, or SSM refuses to say.
import { describe, expect, it } from '@jest/globals';
import type { TargetEvidence } from '../../../src/result/types.js';
import { ec2Id, taskArn } from '../experiment/fixtures.js';
import { chaosResult, run, world, type World } from './fakes/harness.js';
import type { ProxyLife } from './fakes/ssm.js';

const START = Date.UTC(2026, 10, 25, 12, 0, 0);
const DEADLINE = START + 30_000;

const evidenceOf = (w: World, n: number): TargetEvidence | undefined =>
  chaosResult(w).status.faultEvidence?.targets.find((target) => target.name === taskArn(n));
const eventsOf = (w: World, reason: string) =>
  [...w.events.objects.values()].filter((event) => event['reason'] === reason);
const revertAt = (w: World): number =>
  w.ssm.sent.find((one) => one.payload.header.mode === 'revert')?.atMs ?? Infinity;

/** Task 2's proxy (on instance 2) in `life` from START + `fromS` seconds on. */
function breakTask2(w: World, life: ProxyLife, fromS = 12): void {
  w.ssm.proxies.set(taskArn(2), { life, fromMs: START + fromS * 1000 });
}

describe('run: the watch sees every proxy through the window', () => {
  it('every proxy running: status rounds every 10 s inside the window, then Pass with faultHeld yes', async () => {
    const w = world();
    expect(await run(w)).toBe(0);
    // The first round as the window opens (every proxy ready), then one every 10 s; none
    // within 3 s of the deadline.
    const ready = w.lines.find((line) => line.message.includes('every proxy is ready'))!;
    const opened = w.ssm.statuses[0]!.atMs;
    expect(ready.phase).toBe('chaos');
    expect(w.ssm.statuses.map((one) => one.atMs - opened)).toEqual([0, 10_000, 20_000]);
    expect(opened + 20_000).toBeLessThan(DEADLINE - 3_000);
    expect(opened + 30_000).toBeGreaterThan(DEADLINE - 3_000);
    for (const one of w.ssm.statuses) {
      expect(one.request.instanceIds).toEqual([ec2Id(1), ec2Id(2)]);
      expect(one.payload.targets.map((target) => target.taskArn).sort()).toEqual(
        [1, 2, 3].map(taskArn).sort(),
      );
    }
    // Nothing of the watch is awaited: the revert leaves at the deadline.
    expect(revertAt(w)).toBe(DEADLINE);
    expect(chaosResult(w).status.faultEvidence).toMatchObject({ faultHeld: 'yes' });
    for (const n of [1, 2, 3]) expect(evidenceOf(w, n)).toMatchObject({ faultHeld: 'yes' });
    expect(eventsOf(w, 'FaultNotHeld')).toEqual([]);
  });

  it.each<[ProxyLife, RegExp]>([
    ['exited', /its proxy was killed with SIGKILL .*\(exit 137\)/],
    ['restarted', /crashed and docker restarted it once \(last exit: .*exit 137/],
    ['absent', /its proxy container is gone/],
    ['replaced', /was replaced by cdcdcdcdcdcd/],
  ])(
    'a proxy %s mid-window: reported at once (log, Event), named in faultEvidence, verdict Error FAULT_STOPPED_EARLY',
    async (life, words) => {
      const w = world();
      breakTask2(w, life);
      expect(await run(w)).toBe(3);
      const line = w.lines.find((one) => one.message.startsWith('the fault stopped early'));
      expect(line).toMatchObject({ level: 'warn', phase: 'chaos' });
      expect(line?.fields['task']).toBe(taskArn(2));
      expect(line?.message).toMatch(words);
      const [event] = eventsOf(w, 'FaultStoppedEarly');
      expect(event).toMatchObject({ type: 'Warning' });
      expect(event?.['message']).toContain(taskArn(2));
      const status = chaosResult(w).status;
      expect(status.experimentStatus).toMatchObject({ phase: 'Error', verdict: 'Error' });
      expect(status.experimentStatus.errorOutput?.errorCode).toBe('FAULT_STOPPED_EARLY');
      expect(status.experimentStatus.errorOutput?.reason).toContain(`1 of 3 target(s)`);
      expect(status.faultEvidence?.faultHeld).toBe('stopped-early');
      expect(evidenceOf(w, 2)).toMatchObject({ faultHeld: 'stopped-early' });
      expect(evidenceOf(w, 2)?.holdReason).toMatch(words);
      expect(evidenceOf(w, 1)).toMatchObject({ faultHeld: 'yes' });
      expect(evidenceOf(w, 3)).toMatchObject({ faultHeld: 'yes' });
      // Every other target still held its window and was reverted.
      expect(revertAt(w)).toBe(DEADLINE);
      expect(status.history.targets.map((target) => target.chaosStatus)).toEqual([
        'reverted',
        'reverted',
        'reverted',
      ]);
    },
  );

  it('says when the proxy stopped, from docker, and the history keeps Litmus values', async () => {
    const w = world();
    breakTask2(w, 'exited');
    await run(w);
    // The fake host looks when its command ends (1.5 s after the round that first saw it)
    // and docker says the proxy exited a second before that.
    const seenBy = w.ssm.statuses.find((one) => one.atMs >= START + 12_000)!;
    expect(evidenceOf(w, 2)?.stoppedAt).toBe(new Date(seenBy.atMs + 500).toISOString());
    expect(chaosResult(w).status.history.targets.every((t) => t.chaosStatus === 'reverted')).toBe(
      true,
    );
  });

  it('a relay whose redirect lapsed, though every round saw it running: not a Pass', async () => {
    const w = world();
    breakTask2(w, 'lapsed', 0);
    expect(await run(w)).toBe(3);
    expect(eventsOf(w, 'FaultStoppedEarly')).toEqual([]);
    expect(evidenceOf(w, 2)).toMatchObject({ faultHeld: 'stopped-early' });
    expect(evidenceOf(w, 2)?.holdReason).toMatch(/redirect lapsed 2 times .*went direct/);
    for (const n of [1, 3]) expect(evidenceOf(w, n)).toMatchObject({ faultHeld: 'yes' });
    expect(chaosResult(w).status.experimentStatus.errorOutput?.errorCode).toBe(
      'FAULT_STOPPED_EARLY',
    );
  });

  it('a proxy killed after the last round: no final counters at the revert, so not a Pass', async () => {
    const w = world();
    breakTask2(w, 'exited', 26);
    expect(await run(w)).toBe(3);
    expect(eventsOf(w, 'FaultStoppedEarly')).toEqual([]);
    expect(evidenceOf(w, 2)).toMatchObject({ faultHeld: 'stopped-early', effect: 'unknown' });
    expect(evidenceOf(w, 2)?.holdReason).toMatch(/gone when the revert came .* last seen holding/);
    expect(chaosResult(w).status.experimentStatus.errorOutput?.errorCode).toBe(
      'FAULT_STOPPED_EARLY',
    );
    expect(eventsOf(w, 'FaultNotHeld')).toHaveLength(1);
  });

  it('SSM refusing every status poll: the run goes on, reverts on time, and says fault held: unknown', async () => {
    const w = world();
    w.ssm.refuseList = (id) =>
      w.ssm.modeOf(id) === 'status' ? new Error('ThrottlingException: Rate exceeded') : undefined;
    expect(await run(w)).toBe(3);
    expect(revertAt(w)).toBe(DEADLINE);
    expect(w.ssm.timeline().map((line) => line.split(' ')[0])).toEqual(['inject', 'revert']);
    const status = chaosResult(w).status;
    expect(status.experimentStatus.errorOutput?.errorCode).toBe('FAULT_HOLD_UNKNOWN');
    expect(status.experimentStatus.errorOutput?.reason).toContain('Rate exceeded');
    for (const n of [1, 2, 3]) expect(evidenceOf(w, n)).toMatchObject({ faultHeld: 'unknown' });
    const unknown = w.lines.filter((line) => line.message.includes('fault held: unknown'));
    expect(unknown.map((line) => line.fields['task']).sort()).toEqual(
      [1, 2, 3].map(taskArn).sort(),
    );
    // The counters still came back: the revert was not touched.
    expect(evidenceOf(w, 1)).toMatchObject({ connections: 4, resets: 3 });
  });

  it('a status command that never ends is abandoned at the deadline; the revert is not delayed', async () => {
    const w = world();
    w.ssm.behaviours.set(ec2Id(2), { status: 'never-ends' });
    expect(await run(w)).toBe(3);
    expect(revertAt(w)).toBe(DEADLINE);
    expect(w.ssm.cancels).toEqual([]);
    expect(evidenceOf(w, 1)).toMatchObject({ faultHeld: 'yes' });
    expect(evidenceOf(w, 2)).toMatchObject({ faultHeld: 'unknown' });
  });

  it('one refused round is waited through: the next round sees every proxy, and the run passes', async () => {
    const w = world();
    let refusals = 3;
    w.ssm.refuseList = (id) => {
      if (w.ssm.modeOf(id) !== 'status' || refusals === 0) return undefined;
      refusals -= 1;
      return new Error('ThrottlingException: Rate exceeded');
    };
    expect(await run(w)).toBe(0);
    expect(
      w.lines.some((line) => line.message.startsWith('cannot see whether the fault holds')),
    ).toBe(true);
    expect(w.lines.some((line) => line.message === 'the watch sees this proxy again')).toBe(true);
  });

  it('SIGTERM mid-window: the watch stops at once, nothing of it after the signal; Stopped', async () => {
    const w = world();
    breakTask2(w, 'exited', 25);
    w.clock.at(START + 15_000, () => {
      w.abort.abort('SIGTERM');
    });
    expect(await run(w)).toBe(143);
    expect(w.ssm.statuses.every((one) => one.atMs < START + 15_000)).toBe(true);
    expect(revertAt(w)).toBe(START + 15_000);
    expect(chaosResult(w).status.experimentStatus).toMatchObject({ verdict: 'Stopped' });
  });

  it('halted before the first round came back: the revert itself finds each proxy there, or gone', async () => {
    const w = world();
    breakTask2(w, 'absent', 0);
    w.clock.at(START + 2_500, () => {
      w.abort.abort('SIGTERM');
    });
    expect(await run(w)).toBe(143);
    expect(w.ssm.statuses).toHaveLength(1);
    expect(chaosResult(w).status.experimentStatus).toMatchObject({ verdict: 'Stopped' });
    expect(evidenceOf(w, 1)).toMatchObject({ faultHeld: 'yes' });
    expect(evidenceOf(w, 2)).toMatchObject({ faultHeld: 'stopped-early' });
    expect(evidenceOf(w, 2)?.holdReason).toMatch(/gone when the revert came/);
  });

  it('a stopOnFailure probe ends the window and the watch with it', async () => {
    const w = world();
    w.probeAnswers['guard'] = [true, true, false];
    const code = await run(w, {
      probes: [{ name: 'guard', mode: 'Continuous', stopOnFailure: true }],
    });
    expect(code).toBe(1);
    const stoppedAt = revertAt(w);
    expect(stoppedAt).toBeLessThan(DEADLINE);
    expect(w.ssm.statuses.every((one) => one.atMs <= stoppedAt)).toBe(true);
  });

  it('the shortest window: its one round may land while the revert runs, and still counts', async () => {
    const w = world();
    // The hosts look 2.5 s after the round leaves (before the deadline); the answer shows
    // up in SSM only after the deadline, while the revert runs.
    w.ssm.runsForMs.status = 2_500;
    expect(await run(w, { env: { TOTAL_CHAOS_DURATION: '5' } })).toBe(0);
    expect(w.ssm.statuses).toHaveLength(1);
    expect(w.ssm.statuses[0]!.atMs + 2_500).toBeLessThan(START + 5_000);
    expect(revertAt(w)).toBe(START + 5_000);
    for (const n of [1, 2, 3]) expect(evidenceOf(w, n)).toMatchObject({ faultHeld: 'yes' });
  });

  it('serial: each step watches only its own task, each within its own window', async () => {
    const w = world();
    expect(await run(w, { env: { SEQUENCE: 'serial', TOTAL_CHAOS_DURATION: '10' } })).toBe(0);
    const watched = w.ssm.statuses.map((one) => one.payload.targets.map((t) => t.taskArn));
    expect(watched.every((targets) => targets.length === 1)).toBe(true);
    expect(new Set(watched.flat())).toEqual(new Set([1, 2, 3].map(taskArn)));
  });
});
