import { describe, expect, it } from '@jest/globals';
import { ChaosError } from '../../../src/errors/index.js';
import { decideOutcome } from '../../../src/result/outcome.js';
import type { ProbeDeclaration } from '../../../src/result/types.js';
import { ENGINE_ENV, RESULT_NAME, eventsOf, resultOf, rig } from './helpers.js';

const PROBES: ProbeDeclaration[] = [
  { name: 'checkout-up', type: 'httpProbe', mode: 'OnChaos' },
  { name: 'orders-ok', type: 'cmdProbe', mode: 'EOT' },
];
const TASK = 'arn:aws:ecs:us-east-1:123456789012:task/prod/00000000000000000000000000000001';

describe('ResultReporter at the start of a run', () => {
  it('creates the ChaosResult Running/Awaited with every probe Awaited, pod labels + chaosUID, spec', async () => {
    const test = rig({ ...ENGINE_ENV, INSTANCE_ID: 'run-7' });
    await test.reporter().start(PROBES);
    const result = resultOf(test.results, `${RESULT_NAME}-run-7`);
    expect(result.apiVersion).toBe('litmuschaos.io/v1alpha1');
    expect(result.kind).toBe('ChaosResult');
    expect(result.metadata.namespace).toBe('litmus');
    expect(result.metadata.labels).toEqual({
      'job-name': 'exp-abc12',
      name: 'ecs-container-http-reset-peer',
      chaosUID: ENGINE_ENV['CHAOS_UID'],
    });
    expect(result.spec).toEqual({
      engine: 'checkout-chaos',
      experiment: 'ecs-container-http-reset-peer',
      instance: 'run-7',
    });
    expect(result.status.experimentStatus).toEqual({
      phase: 'Running',
      verdict: 'Awaited',
      probeSuccessPercentage: 'Awaited',
    });
    expect(result.status.probeStatuses).toEqual([
      {
        name: 'checkout-up',
        type: 'httpProbe',
        mode: 'OnChaos',
        status: { verdict: 'Awaited', description: 'Awaited' },
      },
      {
        name: 'orders-ok',
        type: 'cmdProbe',
        mode: 'EOT',
        status: { verdict: 'Awaited', description: 'Awaited' },
      },
    ]);
    expect(result.status.history).toEqual({
      passedRuns: 0,
      failedRuns: 0,
      stoppedRuns: 0,
      targets: [],
    });
    const [awaited] = eventsOf(test.events);
    expect(awaited).toMatchObject({
      metadata: {
        name: `Awaitedecs-container-http-reset-peer${ENGINE_ENV['CHAOS_UID']}`,
        namespace: 'litmus',
      },
      reason: 'Awaited',
      type: 'Normal',
      count: 1,
      message: 'experiment: ecs-container-http-reset-peer, Result: Awaited',
      involvedObject: {
        kind: 'ChaosResult',
        name: `${RESULT_NAME}-run-7`,
        uid: `uid-${RESULT_NAME}-run-7`,
      },
      source: { component: ENGINE_ENV['POD_NAME'] },
    });
  });

  it('updates an existing result: counters, foreign labels and annotations kept, old errorOutput cleared', async () => {
    const test = rig();
    await test.reporter().start([]);
    test.results.touch(RESULT_NAME, (object) => {
      const status = object['status'] as {
        history: Record<string, number>;
        experimentStatus: Record<string, unknown>;
      };
      status.history['passedRuns'] = 4;
      status.history['failedRuns'] = 2;
      status.history['stoppedRuns'] = 1;
      status.experimentStatus['errorOutput'] = { errorCode: 'CHAOS_INJECT_ERROR', reason: 'old' };
      const metadata = object['metadata'] as {
        labels: Record<string, string>;
        annotations?: Record<string, string>;
      };
      metadata.labels['team'] = 'payments';
      metadata.annotations = { note: 'kept' };
    });
    await test.reporter().start(PROBES);
    const result = resultOf(test.results);
    expect(result.status.history).toMatchObject({ passedRuns: 4, failedRuns: 2, stoppedRuns: 1 });
    expect(result.status.experimentStatus.errorOutput).toBeUndefined();
    expect(result.metadata.labels?.['team']).toBe('payments');
    expect(result.metadata.annotations).toEqual({ note: 'kept' });
    expect(test.results.writes.map((write) => write.verb)).toEqual(['create', 'replace']);
  });

  it('still writes the result when the pod labels cannot be read, then throws that error', async () => {
    const test = rig();
    const forbidden = new ChaosError({
      code: 'CHAOS_RESULT_CRUD_ERROR',
      phase: 'result-init',
      reason: 'forbidden: get pods',
      fix: 'grant it',
    });
    const reporter = test.reporter({ labels: () => Promise.reject(forbidden) });
    await expect(reporter.start([])).rejects.toBe(forbidden);
    expect(resultOf(test.results).metadata.labels).toEqual({ chaosUID: ENGINE_ENV['CHAOS_UID'] });
  });
});

describe('ResultReporter during and at the end of a run', () => {
  it('moves targets targeted → injected → reverted, one ECSTask entry per task', async () => {
    const test = rig();
    const reporter = test.reporter();
    await reporter.start([]);
    const other = TASK.replace(/1$/, '2');
    await reporter.setTargets([TASK, other], 'targeted');
    await reporter.setTargets([TASK], 'injected');
    expect(resultOf(test.results).status.history.targets).toEqual([
      { name: TASK, kind: 'ECSTask', chaosStatus: 'injected' },
      { name: other, kind: 'ECSTask', chaosStatus: 'targeted' },
    ]);
    await reporter.setTargets([TASK, other], 'reverted');
    expect(
      resultOf(test.results).status.history.targets.map((target) => target.chaosStatus),
    ).toEqual(['reverted', 'reverted']);
  });

  it("re-reads and recomputes on 409: another writer's counter survives our write", async () => {
    const test = rig();
    const reporter = test.reporter();
    await reporter.start([]);
    let raced = false;
    test.results.beforeReplace = (name) => {
      if (raced) return;
      raced = true;
      test.results.touch(name, (object) => {
        (object['status'] as { history: Record<string, number> }).history['stoppedRuns'] = 9;
      });
    };
    await reporter.finish(decideOutcome({ injected: true, probes: { statuses: [] } }));
    expect(test.results.conflicts).toBe(1);
    expect(test.clock.sleeps).toContain(2000);
    expect(resultOf(test.results).status.history).toMatchObject({ passedRuns: 1, stoppedRuns: 9 });
  });

  it('gives up with CHAOS_RESULT_CRUD_ERROR after the configured number of conflicts', async () => {
    const test = rig();
    const reporter = test.reporter({ retry: { attempts: 3, delayMs: 10 } });
    await reporter.start([]);
    test.results.beforeReplace = (name) => {
      test.results.touch(name, () => undefined);
    };
    await expect(reporter.setTargets([TASK], 'targeted')).rejects.toMatchObject({
      code: 'CHAOS_RESULT_CRUD_ERROR',
      reason: expect.stringContaining('still conflicting after 3 writes') as unknown,
    });
  });

  it('counts runs across reporters: Pass then Fail then Stopped; Error counts nothing', async () => {
    const test = rig();
    const run = async (outcome: Parameters<typeof decideOutcome>[0]): Promise<void> => {
      const reporter = test.reporter();
      await reporter.start([]);
      await reporter.finish(decideOutcome(outcome));
    };
    await run({ injected: true, probes: { statuses: [] } });
    await run({
      injected: true,
      probes: { statuses: [] },
      health: { after: { healthy: false, problems: ['x'] } },
    });
    await run({ injected: true, probes: { statuses: [] }, abortedBy: 'SIGTERM' });
    await run({
      injected: false,
      probes: { statuses: [] },
      error: new ChaosError({ code: 'PREFLIGHT_ERROR', phase: 'preflight', reason: 'r', fix: 'f' }),
    });
    expect(resultOf(test.results).status.history).toMatchObject({
      passedRuns: 1,
      failedRuns: 1,
      stoppedRuns: 1,
    });
    expect(resultOf(test.results).status.experimentStatus.verdict).toBe('Error');
  });

  it('events: the same reason again updates the one Event (count++, first time kept)', async () => {
    const test = rig();
    const reporter = test.reporter();
    await reporter.phaseEvent(
      'ChaosInject',
      'Injecting ecs-container-http-reset-peer chaos on target tasks',
    );
    const first = eventsOf(test.events)[0];
    test.clock.time += 60_000;
    await reporter.phaseEvent('ChaosInject', 'Injecting again');
    const events = eventsOf(test.events);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      reason: 'ChaosInject',
      count: 2,
      message: 'Injecting again',
      firstTimestamp: first?.firstTimestamp,
      involvedObject: { kind: 'ChaosEngine', name: 'checkout-chaos', uid: ENGINE_ENV['CHAOS_UID'] },
    });
    expect(events[0]?.lastTimestamp).not.toBe(first?.lastTimestamp);
    expect(events[0]?.lastTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('without CHAOSENGINE, engine events go on the ChaosResult', async () => {
    const test = rig({ EXPERIMENT_NAME: 'ecs-container-http-reset-peer' });
    const reporter = test.reporter();
    await reporter.start([]);
    await reporter.phaseEvent('PreChaosCheck', 'AUT: Running');
    const event = eventsOf(test.events).find((candidate) => candidate.reason === 'PreChaosCheck');
    expect(event?.involvedObject).toMatchObject({
      kind: 'ChaosResult',
      name: 'ecs-container-http-reset-peer',
    });
  });

  it('final events: verdict on the result, Summary on the engine, Abort when a signal stopped the run', async () => {
    const test = rig();
    const reporter = test.reporter();
    await reporter.start([]);
    await reporter.finish(
      decideOutcome({ injected: true, probes: { statuses: [] }, abortedBy: 'SIGTERM' }),
    );
    const byReason = new Map(eventsOf(test.events).map((event) => [event.reason, event]));
    // litmus-go's words: AbortWatcher's Summary and Abort, the verdict event of its EOT.
    expect(byReason.get('Stopped')).toMatchObject({
      type: 'Warning',
      message: 'experiment: ecs-container-http-reset-peer, Result: Stopped',
      involvedObject: { kind: 'ChaosResult' },
    });
    expect(byReason.get('Summary')).toMatchObject({
      type: 'Warning',
      message: 'ecs-container-http-reset-peer experiment has been aborted',
      involvedObject: { kind: 'ChaosEngine' },
    });
    expect(byReason.get('Abort')).toMatchObject({
      type: 'Warning',
      message: 'ecs-container-http-reset-peer experiment has been aborted',
      involvedObject: { kind: 'ChaosResult' },
    });
  });
});
