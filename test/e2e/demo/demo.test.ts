/**
 * `make demo` as an end-to-end test: the demo driver itself runs (a child process, with its
 * defaults), and what it prints and writes to summary.json is checked against the raw
 * measurements it recorded: every request of every client, with its times.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import type { DemoSummary } from '../../../sandbox/demo/summary.js';
import type { TaskReport } from '../../../sandbox/demo/report.js';
import { startDemo, stillThere, stopDemo, summaryOf, type DemoRun } from './driver.js';

const RESET_TIMEOUT = 2000;
/** Below 100 ms `auto` takes the relay (ADR 0133); 2000 ms takes destroy here. */
const RELAY_RESET_TIMEOUT = 50;
let current: DemoRun | undefined;

afterEach(async () => {
  await stopDemo(current);
  if (current !== undefined) await rm(current.outDir, { recursive: true, force: true });
  current = undefined;
}, 180_000);

const resetsOf = (task: TaskReport) => task.attempts.filter((a) => a.outcome === 'reset');

async function finished(run: DemoRun, timeoutMs: number) {
  const exit = await run.tracked.exitWithin(timeoutMs);
  const output = run.tracked.lines.join('\n');
  expect({ exit, stderr: run.tracked.stderr }).toMatchObject({ exit: expect.anything() });
  return { exit: exit!, output, summary: await summaryOf(run) };
}

function expectWindowOnly(summary: DemoSummary): void {
  const moments = summary.moments!;
  for (const task of summary.tasks) {
    for (const reset of resetsOf(task)) {
      expect(reset.connectMs).toBeGreaterThanOrEqual(moments.injectMs!);
      expect(reset.atMs).toBeLessThanOrEqual(
        Math.min(moments.deadlineMs! + 1000, moments.revertedMs!),
      );
    }
  }
}

/** The progress line's count of resets on targeted tasks; -1 on any other line. */
function resetsOnTargets(line: string): number {
  const count = /left in the window .*\(targeted tasks (\d+),/.exec(line)?.[1];
  return count === undefined ? -1 : Number(count);
}

/** Every targeted task names the mechanism that ran on it; the demo prints it too. */
function expectMechanism(summary: DemoSummary, mechanism: 'destroy' | 'relay'): void {
  const targeted = summary.tasks.filter((task) => task.targeted);
  expect(targeted.map((task) => task.proxy?.mechanism)).toEqual(targeted.map(() => mechanism));
}

async function expectNothingLeft(summary: DemoSummary): Promise<void> {
  expect(summary.leftovers).toEqual([]);
  expect(summary.made.folders.length).toBeGreaterThanOrEqual(3);
  expect(summary.made.bridges).toHaveLength(2);
  expect(await stillThere(summary)).toEqual([]);
}

/** Resets on targets only, about RESET_TIMEOUT after connect, as many as the proxy counted. */
function expectResets(summary: DemoSummary): void {
  for (const task of summary.tasks.filter((one) => !one.targeted)) {
    expect(resetsOf(task)).toHaveLength(0);
    expect(task.probe.resets).toBe(0);
  }
  for (const task of summary.tasks.filter((one) => one.targeted)) {
    const resets = resetsOf(task);
    expect(resets.length).toBeGreaterThan(3);
    for (const reset of resets) {
      const ms = reset.atMs - reset.connectMs!;
      expect(ms).toBeGreaterThanOrEqual(RESET_TIMEOUT - 50);
      expect(ms).toBeLessThanOrEqual(RESET_TIMEOUT + 1000);
    }
    // The proxy's own count equals what the clients and the probe saw, independently.
    expect(task.proxy!.resets).toBe(resets.length + task.probe.resets);
  }
}

/** Traffic was served before the injection and after the revert, without a reset. */
function expectServedOutside(summary: DemoSummary): void {
  const moments = summary.moments!;
  for (const task of summary.tasks) {
    const before = task.attempts.filter((a) => a.atMs < moments.injectMs!);
    const after = task.attempts.filter((a) => a.startMs > moments.revertedMs!);
    expect(before.filter((a) => a.outcome === 'ok').length).toBeGreaterThan(5);
    expect(after.filter((a) => a.outcome === 'ok').length).toBeGreaterThan(5);
    expect([...before, ...after].filter((a) => a.outcome !== 'ok')).toEqual([]);
  }
}

/** The verdict follows the probe: it fails exactly when one of its tries was reset. */
async function expectVerdict(summary: DemoSummary): Promise<void> {
  const probeResets = summary.tasks.reduce((sum, task) => sum + task.probe.resets, 0);
  const probe = summary.probeStatuses.find((one) => one.name === 'service-slow-request')!;
  expect(probe.status.verdict).toBe(probeResets > 0 ? 'Failed' : 'Passed');
  expect(summary.verdict?.verdict).toBe(probeResets > 0 ? 'Fail' : 'Pass');
  // Under a ChaosEngine (the demo's API server) a recorded verdict exits 0, as litmus-go
  // does (ADR 0152); a file sink keeps the standalone codes.
  const underEngine = summary.chaosResult!.where.startsWith('chaosresults.litmuschaos.io');
  expect(summary.executor?.code).toBe(probeResets > 0 && !underEngine ? 1 : 0);
  if (probeResets > 0) expect(probe.status.description).toContain('ECONNRESET');
  // The ChaosResult kept after the demo is the one reported.
  const copy = summary.chaosResult!.copy ?? summary.chaosResult!.where.split(' ')[0]!;
  const kept = JSON.parse(await readFile(copy, 'utf8')) as {
    status: { experimentStatus: unknown };
  };
  expect(kept.status.experimentStatus).toEqual(summary.verdict);
}

/** What it printed says the same as summary.json. */
function expectPrinted(output: string, summary: DemoSummary): void {
  expect(output).toContain(`Targeted: 2 of 4 tasks (TASK_REPLICA_AFFECTED_PERC=50)`);
  for (const task of summary.tasks) {
    const row = new RegExp(
      `${task.taskId.slice(0, 8)}\\s+${task.instanceId}\\s+${task.targeted ? 'yes' : 'no'}\\s+${task.clients.ok}\\s+${task.clients.reset}\\s`,
    );
    expect(output).toMatch(row);
  }
  expect(output).toContain(`Verdict: ${summary.verdict!.verdict} (phase ${summary.verdict!.phase}`);
  expect(output).toContain(`ChaosResult: `);
  expect(output).toMatch(/left in the window · clients: \d+ ok/);
  expect(output).toContain('left behind: nothing');
  for (const stage of ['hosts', 'aws', 'load', 'run', 'after', 'report', 'cleanup'])
    expect(summary.stages.map((one) => one.name)).toContain(stage);
  expect(output).toMatch(/^Stages: .* — total \d+\.\d s$/m);
}

describe('make demo', () => {
  it('resets only targeted tasks, only in the window, about RESET_TIMEOUT after connect; its report matches the clients', async () => {
    current = await startDemo();
    const { exit, output, summary } = await finished(current, 240_000);
    // Everything that decides the exit code, so a failure says which part went wrong.
    expect({
      code: exit.code,
      failure: summary.failure,
      executorRan: summary.executor !== null,
      failedChecks: summary.checks.filter((check) => !check.ok),
      leftovers: summary.leftovers,
    }).toEqual({
      code: 0,
      failure: undefined,
      executorRan: true,
      failedChecks: [],
      leftovers: [],
    });
    const moments = summary.moments!;
    // 50% of 4 tasks over two instances: the ones the run's ChaosResult names.
    expect(summary.tasks).toHaveLength(4);
    expect(new Set(summary.tasks.map((t) => t.instanceId)).size).toBe(2);
    const targeted = summary.tasks.filter((task) => task.targeted).map((t) => t.taskArn);
    expect(targeted.sort()).toEqual([...moments.targets].sort());
    const named = summary.faultEvidence!.targets.map((t) => t.name);
    expect(named.sort()).toEqual([...moments.targets].sort());
    expectResets(summary);
    expectMechanism(summary, 'destroy');
    expectWindowOnly(summary);
    expectServedOutside(summary);
    await expectVerdict(summary);
    expectPrinted(output, summary);
    expect(summary.checks.every((check) => check.ok)).toBe(true);
    await expectNothingLeft(summary);
    process.stderr.write(
      `demo e2e: total ${summary.totalMs} ms, stages ${JSON.stringify(summary.stages)}\n`,
    );
  }, 300_000);

  it('Ctrl-C in the window, with the relay: the run reverts (verdict Stopped), everything is removed, exit 130', async () => {
    // The file sink this time, so both places a ChaosResult can go are covered; and
    // RESET_TIMEOUT below 100 ms, where auto takes the relay (ADR 0133), so the demo's
    // checks run with both mechanisms.
    current = await startDemo({
      DEMO_KUBE: 'off',
      TOTAL_CHAOS_DURATION: '60',
      RESET_TIMEOUT: String(RELAY_RESET_TIMEOUT),
    });
    // Interrupted once the relay has reset some clients: then every targeted task must
    // have reset its own (each task has clients of its own).
    await current.tracked.waitForLine((line) => resetsOnTargets(line) >= 40, 180_000);
    const interruptedAt = Date.now();
    process.kill(-current.tracked.pid, 'SIGINT');
    const { exit, output, summary } = await finished(current, 120_000);
    expect(exit.code).toBe(130);
    expect(Date.now() - interruptedAt).toBeLessThan(60_000);
    expect(summary.stoppedBy).toBe('SIGINT');
    expect(summary.executor?.code).toBe(130);
    expect(summary.verdict).toMatchObject({ verdict: 'Stopped', phase: 'Stopped' });
    expect(summary.chaosResult?.sink).toBe('file');
    const file = summary.chaosResult!.where.split(' ')[0]!;
    expect(existsSync(file)).toBe(true);
    expect(output).toContain('⏹ SIGINT');
    // The window was cut short: the revert came long before the 60 s deadline.
    expect(summary.moments!.revertedMs!).toBeLessThan(summary.moments!.deadlineMs! - 30_000);
    expectWindowOnly(summary);
    // One object, so a failure shows every part of it.
    const targeted = summary.tasks.filter((one) => one.targeted);
    const passed = (name: string) => summary.checks.find((check) => check.name === name)?.ok;
    expect({
      mechanisms: targeted.map((task) => task.proxy?.mechanism),
      resetItsClients: targeted.map((task) => resetsOf(task).length > 0),
      hostsClean: passed('hosts clean after the revert'),
      mechanismNamed: passed('the mechanism that ran is named'),
    }).toEqual({
      mechanisms: targeted.map(() => 'relay'),
      resetItsClients: targeted.map(() => true),
      hostsClean: true,
      mechanismNamed: true,
    });
    await expectNothingLeft(summary);
  }, 300_000);
});
