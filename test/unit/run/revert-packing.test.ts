// The revert carries the revert's build of the host script (ADR 0223) and packs the hosts
// of one step again for it: the same hosts in about half the inject's commands, each host
// once, with every target it was sent; a host that fails is named alone.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { ec2Id, task } from '../experiment/fixtures.js';
import { run, world, type World } from './fakes/harness.js';
import type { SentCommand } from './fakes/ssm.js';

const SCRIPTS = {
  full: readFileSync('src/host/host.sh', 'utf8'),
  revert: readFileSync('src/host/host-revert.sh', 'utf8'),
};

const host = (i: number) => 0x100 + i;

/** 20 instances with 4 tasks each: 80 targets, more than one command of either build. */
function fleet(): World {
  const tasks = Array.from({ length: 80 }, (_, i) => task(i + 1, { instance: host(i % 20) }));
  return world(
    tasks,
    Array.from({ length: 20 }, (_, i) => host(i)),
  );
}

const ofMode = (w: World, mode: string): SentCommand[] =>
  w.ssm.sent.filter((one) => one.payload.header.mode === mode);

const targetsOn = (commands: readonly SentCommand[], instanceId: string): string[] =>
  commands
    .flatMap((one) => one.payload.targets)
    .filter((target) => target.instanceId === instanceId)
    .map((target) => target.taskArn)
    .sort();

describe('run: the revert packs its hosts for its own build', () => {
  it('sends each build with its mode, the revert in about half the commands, each host once', async () => {
    const w = fleet();
    expect(await run(w, { hostScripts: SCRIPTS, env: { TOTAL_CHAOS_DURATION: '10' } })).toBe(0);
    const injects = ofMode(w, 'inject');
    const reverts = ofMode(w, 'revert');
    expect(injects.every((one) => one.request.commands[1] === SCRIPTS.full)).toBe(true);
    expect(reverts.every((one) => one.request.commands[1] === SCRIPTS.revert)).toBe(true);
    expect(injects.length).toBeGreaterThanOrEqual(4);
    expect(reverts.length).toBeLessThanOrEqual(Math.ceil(injects.length / 2));
    const revertedHosts = reverts.flatMap((one) => one.request.instanceIds);
    expect(revertedHosts.sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => ec2Id(host(i))).sort(),
    );
    for (const instanceId of revertedHosts) {
      expect(targetsOn(reverts, instanceId)).toEqual(targetsOn(injects, instanceId));
    }
    for (const one of [...injects, ...reverts]) {
      expect(Buffer.byteLength(JSON.stringify(one.request.commands))).toBeLessThanOrEqual(32_768);
    }
    expect(new Set(reverts.map((one) => one.payload.header.chaosId)).size).toBe(1);
  });

  it('names only the host whose revert failed, and sends its second round to it alone', async () => {
    const w = fleet();
    const failing = ec2Id(host(7));
    w.ssm.behaviours.set(failing, { revert: { fail: 'cleanup', reason: 'rule still there' } });
    const env = { TOTAL_CHAOS_DURATION: '10', TERMINATION_GRACE_PERIOD_SECONDS: '120' };
    expect(await run(w, { hostScripts: SCRIPTS, env })).toBe(3);
    const reverts = ofMode(w, 'revert');
    const second = reverts.slice(-1)[0]!;
    expect(second.request.instanceIds).toEqual([failing]);
    expect(second.payload.targets.map((target) => target.taskArn).sort()).toEqual(
      targetsOn(ofMode(w, 'inject'), failing),
    );
    const manual = w.lines.filter((line) => line.message.startsWith('revert not proven on'));
    expect(manual.map((line) => line.fields['instance'])).toEqual([failing]);
  });

  it('keeps the steps of a serial run apart: one chaos id a revert command', async () => {
    const w = fleet();
    const env = { SEQUENCE: 'serial', TASK_REPLICA_AFFECTED_PERC: '3' };
    expect(await run(w, { hostScripts: SCRIPTS, env })).toBe(0);
    const reverts = ofMode(w, 'revert');
    const injects = ofMode(w, 'inject');
    expect(injects.length).toBeGreaterThan(1);
    expect(reverts.map((one) => one.payload.header.chaosId)).toEqual(
      injects.map((one) => one.payload.header.chaosId),
    );
  });
});
