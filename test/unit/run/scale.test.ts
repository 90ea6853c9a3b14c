// A run whose commands outnumber what the run's SSM pace can send in its window (ADR 0192),
// on virtual time: the commands left when the deadline comes near are not sent (no SSM
// call, no revert, their hosts named), and the way out cancels for at most 10 s before the
// revert goes.
import { describe, expect, it } from '@jest/globals';
import { SSM_PACE } from '../../../src/dispatch/pace.js';
import { ec2Id, task } from '../experiment/fixtures.js';
import { run, world } from './fakes/harness.js';

/** Instance numbers from 0x100: the fake ECS reads them back from hex ARNs padded with c. */
const host = (i: number) => 0x100 + i;

/** `hosts` instances with `perHost` tasks each: with SMALL, two instances a command. */
function crowded(hosts: number, perHost: number) {
  const tasks = Array.from({ length: hosts * perHost }, (_, i) =>
    task(i + 1, { instance: host(i % hosts) }),
  );
  return world(
    tasks,
    Array.from({ length: hosts }, (_, i) => host(i)),
  );
}

// Two hosts of 14 targets a command (the target lines of main's host contract; 8 KiB fit one).
const SMALL = { SSM_COMMAND_MAX_BYTES: '9216' };

describe('run: more commands than the window has time for', () => {
  it('sends none after the deadline came within 5 s, names those hosts, reverts only the sent', async () => {
    const w = crowded(30, 14);
    expect(await run(w, { env: { ...SMALL, TOTAL_CHAOS_DURATION: '5' } })).toBe(3);
    const injects = w.ssm.sent.filter((one) => one.payload.header.mode === 'inject');
    const reverted = w.ssm.sent
      .filter((one) => one.payload.header.mode === 'revert')
      .flatMap((one) => one.request.instanceIds);
    // Two hosts a command: 15 planned. The burst goes at once, the next one checked at the
    // window's start waits its slot; every later one would reach its host too late.
    expect(injects.length).toBe(SSM_PACE.burst + 1);
    const sentTo = injects.flatMap((one) => one.request.instanceIds).sort();
    expect([...new Set(reverted)].sort()).toEqual(sentTo);
    const error = w.lines.find((line) => line.fields['code'] === 'CHAOS_INJECT_ERROR');
    const unsent = Array.from({ length: 30 }, (_, i) => ec2Id(host(i))).filter(
      (id) => !sentTo.includes(id),
    );
    for (const id of unsent) expect(error?.message).toContain(`${id}: step send-command: not sent`);
    const lastInject = Math.max(...injects.map((one) => one.atMs));
    const deadline = Date.parse(
      /until (\S+)$/.exec(w.lines.find((l) => l.message.includes('injecting on'))!.message)![1]!,
    );
    expect(lastInject).toBeLessThanOrEqual(deadline - 5_000 + 250);
  });

  it.each([1, 2, 8])(
    'keeps to SSM_CALLS_PER_SECOND=%i: its burst of two seconds goes at once, then its rate',
    async (rate) => {
      const w = crowded(60, 14);
      const env = { ...SMALL, TOTAL_CHAOS_DURATION: '5', SSM_CALLS_PER_SECOND: String(rate) };
      expect(await run(w, { env })).toBe(3);
      const injects = w.ssm.sent.filter((one) => one.payload.header.mode === 'inject');
      // As above: the burst, then the one checked at the window's start waiting its slot.
      expect(injects.length).toBe(2 * rate + 1);
      const start = injects[0]!.atMs;
      expect(injects.map((one) => one.atMs - start).at(-1)).toBe(1000 / rate);
    },
  );

  it('cancels for at most 10 s on the way out, then reverts every host', async () => {
    const w = crowded(120, 14);
    for (let i = 0; i < 120; i += 1) w.ssm.behaviours.set(ec2Id(host(i)), { inject: 'never-ends' });
    expect(await run(w, { env: { ...SMALL, TOTAL_CHAOS_DURATION: '120' } })).toBe(3);
    // 60 commands out; 10 s of cancels at the pace is its burst plus 40, less the one whose
    // slot falls on the bound itself: the bound's signal drops it while it waits (ADR 0151).
    expect(w.ssm.cancels.length).toBeGreaterThanOrEqual(SSM_PACE.burst + 39);
    expect(w.ssm.cancels.length).toBeLessThan(60);
    expect(w.lines.some((line) => line.message.includes('left uncancelled'))).toBe(true);
    const reverted = w.ssm.sent
      .filter((one) => one.payload.header.mode === 'revert')
      .flatMap((one) => one.request.instanceIds);
    expect(new Set(reverted).size).toBe(120);
  });

  it('sends no status round command past the deadline: the revert keeps its SSM turn', async () => {
    const w = crowded(100, 14);
    // The proxies the first round could not reach are "fault held: unknown": not a Pass.
    expect(await run(w, { env: { ...SMALL, TOTAL_CHAOS_DURATION: '20' } })).toBe(3);
    const started = w.lines.find((l) => l.message.includes('injecting on'))!.message;
    const deadline = Date.parse(/until (\S+)$/.exec(started)![1]!);
    const status = w.ssm.statuses;
    const reverts = w.ssm.sent.filter((one) => one.payload.header.mode === 'revert');
    // 50 commands: the first round cannot be sent whole before the window ends.
    expect(status.length).toBeGreaterThan(0);
    expect(status.length).toBeLessThan(50);
    // At most the one that took its pace slot just before the deadline goes after it.
    expect(status.filter((one) => one.atMs >= deadline).length).toBeLessThanOrEqual(1);
    expect(reverts.length).toBe(50);
  });
});
