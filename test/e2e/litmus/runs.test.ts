// The experiment under the real Litmus control plane (docs/decisions/0183): the
// chart installed by helm, the sample ChaosEngine applied, and everything after that done
// by the real chaos-operator, chaos-runner, Job controller and kubelet: the experiment pod
// runs exactly once, the engine's status says what the ChaosResult says, an abort reverts
// every host, a bad tunable is refused before anything reaches AWS.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CoreV1Api } from '@kubernetes/client-node';
import { RESET_TIMEOUT_MS, engineStatus, type Json } from '../../../sandbox/litmus/engine.js';
import {
  annotateResult,
  describeRun,
  resultStatus,
  runEngine,
  stopEngine,
  verdictOf,
  type Ran,
  type RunOptions,
} from '../../../sandbox/litmus/scenario.js';
import { startLitmusWorld, type LitmusWorld } from '../../../sandbox/litmus/world.js';
import { IMAGE, startWorld } from '../executor/world.js';

let started: LitmusWorld | undefined;
const timings: Record<string, number> = {};
const world = (): LitmusWorld => {
  if (started === undefined) throw new Error('the Litmus world did not start (beforeAll)');
  return started;
};

beforeAll(async () => {
  started = await startLitmusWorld({ sandbox: startWorld, image: IMAGE });
  process.stderr.write(`litmus e2e world (ms): ${JSON.stringify(started.timings)}\n`);
}, 600_000);

afterAll(async () => {
  process.stderr.write(`litmus e2e runs (ms): ${JSON.stringify(timings)}\n`);
  await started?.stop();
}, 180_000);

async function run(label: string, options: RunOptions): Promise<Ran> {
  const begun = Date.now();
  const ran = await runEngine(world(), label, options);
  timings[label] = Date.now() - begun;
  process.stderr.write(`${describeRun(label, ran)}\n`);
  return ran;
}

function expectEngineMatchesResult(ran: Ran, engineState: string, status: string): void {
  const experiments = engineStatus(ran.engine)['experiments'] as Json[];
  expect(engineStatus(ran.engine)['engineStatus']).toBe(engineState);
  expect(experiments).toEqual([
    expect.objectContaining({
      name: 'ecs-container-http-reset-peer',
      status,
      verdict: verdictOf(ran),
    }),
  ]);
}

function expectOnePod(ran: Ran): void {
  expect(ran.experimentPods).toHaveLength(1);
  expect(ran.jobs).toHaveLength(1);
  expect(ran.jobs[0]?.status?.failed ?? 0).toBe(0);
}

const probeVerdicts = (ran: Ran) =>
  ((resultStatus(ran)['probeStatuses'] ?? []) as Json[]).map((probe) => [
    probe['name'],
    probe['mode'],
    (probe['status'] as Json)['verdict'],
  ]);

describe('the sample engine under the real operator and runner', () => {
  it('Pass: one pod, one inject, the engine says Pass as the ChaosResult does', async () => {
    const ran = await run('pass', { probePath: '/health' });
    expectOnePod(ran);
    expect(ran.experimentPods[0]?.status?.phase).toBe('Succeeded');
    expect(verdictOf(ran)).toBe('Pass');
    expectEngineMatchesResult(ran, 'completed', 'Completed');
    expect(ran.injects).toBe(1);
    expect(ran.left).toEqual([]);
    expect(probeVerdicts(ran)).toEqual([
      ['checkout-health-during-chaos', 'OnChaos', 'Passed'],
      ['client-resets-observed', 'EOT', 'Passed'],
    ]);
    expect(resultStatus(ran)['faultEvidence']).toMatchObject({ effect: 'reset' });
  }, 300_000);

  it('Fail: the probe is reset; still one pod and one inject, and the engine says Fail', async () => {
    const ran = await run('fail', {
      probePath: `/slow?ms=${RESET_TIMEOUT_MS * 2}`,
      env: { TASK_REPLICA_AFFECTED_PERC: '100' },
    });
    expectOnePod(ran);
    expect(ran.experimentPods[0]?.status?.phase).toBe('Succeeded');
    expect(verdictOf(ran)).toBe('Fail');
    expectEngineMatchesResult(ran, 'completed', 'Completed');
    expect(ran.injects).toBe(1);
    expect(ran.left).toEqual([]);
    expect(probeVerdicts(ran)).toEqual([
      ['checkout-health-during-chaos', 'OnChaos', 'Failed'],
      ['client-resets-observed', 'EOT', 'Passed'],
    ]);
    expect(resultStatus(ran)['faultEvidence']).toMatchObject({ effect: 'reset' });
  }, 300_000);

  it('engineState stop in the window, no grace period in the engine: Stopped, every host reverted', async () => {
    const ran = await run('stop', {
      probePath: '/health',
      withoutGracePeriod: true,
      env: { TOTAL_CHAOS_DURATION: '60' },
      until: 'stopped',
      // A few seconds into the window, so slow connections have been reset by then.
      inWindow: async (engine) => {
        await sleep(3_000);
        await stopEngine(world(), engine);
      },
    });
    expect(verdictOf(ran)).toBe('Stopped');
    expectEngineMatchesResult(ran, 'stopped', 'Forcefully Aborted');
    expect(ran.experimentPods).toHaveLength(0);
    expect(ran.injects).toBe(1);
    expect(ran.reverts).toBeGreaterThanOrEqual(1);
    expect(ran.left).toEqual([]);
    const targets = (resultStatus(ran)['history'] as Json)['targets'] as Json[];
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.map((target) => target['chaosStatus'])).toEqual(targets.map(() => 'reverted'));
    // The operator rewrites a ChaosResult through its typed struct only when it carries
    // annotations; the run writes none, so the evidence stays (ADR 0183).
    expect(ran.result?.['metadata']).not.toHaveProperty('annotations');
    expect(resultStatus(ran)['faultEvidence']).toMatchObject({ effect: 'reset' });
  }, 300_000);

  it('an annotated ChaosResult loses faultEvidence to the operator on abort; the Summary event keeps the counts', async () => {
    const ran = await run('stop-annotated', {
      probePath: '/health',
      withoutGracePeriod: true,
      env: { TOTAL_CHAOS_DURATION: '60' },
      until: 'stopped',
      inWindow: async (engine) => {
        await annotateResult(world(), engine, { 'team.example.com/ticket': 'CHAOS-1' });
        await sleep(3_000);
        await stopEngine(world(), engine);
      },
    });
    expect(verdictOf(ran)).toBe('Stopped');
    expect(ran.result?.['metadata']).toMatchObject({
      annotations: { 'team.example.com/ticket': 'CHAOS-1' },
    });
    // updateChaosResult rewrote the result through its typed struct (ADR 0183).
    expect(resultStatus(ran)).not.toHaveProperty('faultEvidence');
    const events = await world()
      .node.api.admin.makeApiClient(CoreV1Api)
      .listNamespacedEvent({ namespace: ran.namespace });
    const summary = events.items.find((event) => event.reason === 'Summary');
    expect(summary?.message).toMatch(/connections: \d+, resets: [1-9]\d*/);
  }, 300_000);

  it('stopOnFailure: the reset probe stops the run, which stops its engine; the operator ends it stopped', async () => {
    const ran = await run('stop-on-failure', {
      probePath: `/slow?ms=${RESET_TIMEOUT_MS * 2}`,
      env: { TASK_REPLICA_AFFECTED_PERC: '100', TOTAL_CHAOS_DURATION: '60' },
      stopOnFailure: true,
      until: 'stopped',
    });
    // The run patched engineState: stop (ADR 0162); the operator did the rest.
    expect((ran.engine['spec'] as Json)['engineState']).toBe('stop');
    expect(verdictOf(ran)).toBe('Stopped');
    expect(engineStatus(ran.engine)['engineStatus']).toBe('stopped');
    expect(ran.injects).toBe(1);
    expect(ran.reverts).toBeGreaterThanOrEqual(1);
    expect(ran.left).toEqual([]);
    const targets = (resultStatus(ran)['history'] as Json)['targets'] as Json[];
    expect(targets.map((target) => target['chaosStatus'])).toEqual(targets.map(() => 'reverted'));
    expect(probeVerdicts(ran)[0]).toEqual(['checkout-health-during-chaos', 'OnChaos', 'Failed']);
    // The probe's cause, not the operator's abort: the patch comes after the revert.
    expect(
      JSON.stringify((resultStatus(ran)['experimentStatus'] as Json)['errorOutput']),
    ).toContain('probe checkout-health-during-chaos failed with stopOnFailure');
  }, 300_000);

  let badTunable: Ran | undefined;

  it('a bad tunable: the error where `kubectl logs` shows it, naming variable, value, rule and example; nothing sent to AWS', async () => {
    badTunable = await run('bad-tunable', { probePath: '/health', env: { RESET_TIMEOUT: 'soon' } });
    const ran = badTunable;
    expect(ran.awsRequests).toBe(0);
    expect(ran.injects).toBe(0);
    expect(ran.experimentLogs.length).toBeGreaterThanOrEqual(1);
    for (const log of ran.experimentLogs) {
      expect(log).toContain('CONFIG_INVALID');
      expect(log).toContain('RESET_TIMEOUT="soon": must be a whole number');
      expect(log).toContain('(example: RESET_TIMEOUT=2000)');
    }
  }, 300_000);

  // ADR 0153: a bad tunable is recorded as Error/CONFIG_INVALID and the pod exits 0 under
  // the runner, so the Job starts no second pod.
  it('a bad tunable: one pod, Error/CONFIG_INVALID in the ChaosResult and the engine', () => {
    const ran = badTunable!;
    expectOnePod(ran);
    expect(verdictOf(ran)).toBe('Error');
    expectEngineMatchesResult(ran, 'completed', 'Completed');
    const errorOutput = (resultStatus(ran)['experimentStatus'] as Json)['errorOutput'] as Json;
    expect(errorOutput['errorCode']).toBe('CONFIG_INVALID');
    expect(String(errorOutput['reason'])).toContain('RESET_TIMEOUT="soon"');
  });
});
