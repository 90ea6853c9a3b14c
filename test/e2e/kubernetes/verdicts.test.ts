// The Kubernetes side end to end (docs/decisions/0122): the real `run` process, as Litmus starts it, against the
// real kube-apiserver (RBAC: only the chart's Role), the AWS emulator and real dockerd
// tasks. One ChaosEngine is run five times in a row, as an operator re-runs it: each run
// checks its own verdict field by field, and that it added to the history and the events
// what the previous runs left (counters preserved, count++).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectEvents, expectHistory, expectResets, statusOf } from './expectations.js';
import {
  ENGINE,
  EXPERIMENT,
  POD_LABELS,
  RESULT,
  litmusNamespace,
  observe,
  type Json,
  type LitmusNamespace,
} from './litmus.js';
import { SLOW, httpProbe, runnerEnv, url, type Scenario } from './scenario.js';
import { Suite } from './suite.js';
import {
  ABORT,
  abortSummary,
  postCheck,
  AWAITED,
  INJECT,
  NOT_EVALUATED,
  POST,
  PRE,
  expectExit,
  passed,
  reset,
  summary,
  verdictEvent,
} from './vocabulary.js';

const suite = new Suite('kubernetes e2e (verdicts)');
let litmus: LitmusNamespace;
const hosts = () => suite.hosts();
const ids = () => ({ namespace: litmus.namespace, engineUid: litmus.engineUid });
const observeRun = (label: string, probes: readonly object[], scenario: Scenario) =>
  suite.observeRun(litmus, label, probes, scenario);

beforeAll(async () => {
  await suite.start();
  litmus = await litmusNamespace(suite.kube(), 'e2e-runs');
}, 300_000);

afterAll(async () => {
  await suite.stop();
}, 180_000);

describe('run against the real API server, one ChaosEngine run again and again', () => {
  it('Pass: SOT/Edge/EOT probes and a fast OnChaos probe tolerate the fault; labels, history, evidence, events', async () => {
    const [web0, web1] = hosts().web.tasks;
    const [other0] = hosts().other.tasks;
    const fast = url(web1!);
    const { ran, before, after } = await observeRun(
      'pass',
      [
        httpProbe('web-up-before', 'SOT', url(web0!)),
        httpProbe('other-up-around', 'Edge', url(other0!)),
        httpProbe('web-fast-during', 'OnChaos', fast),
        httpProbe('web-up-after', 'EOT', fast),
      ],
      { env: runnerEnv(litmus) },
    );
    expectExit(ran.result, 0);
    expect(ran.left).toEqual([]);
    expect(
      ran.result.lines.some((line) =>
        line.message.startsWith(`ChaosResult sink: kubernetes (kubeconfig ${litmus.kubeconfig}`),
      ),
    ).toBe(true);
    const result = after.result ?? {};
    expect(result['metadata']).toMatchObject({
      name: RESULT,
      namespace: litmus.namespace,
      labels: { ...POD_LABELS, chaosUID: litmus.engineUid },
    });
    expect(result['spec']).toEqual({ engine: ENGINE, experiment: EXPERIMENT });
    const status = statusOf(after);
    expect(status['experimentStatus']).toEqual({
      phase: 'Completed',
      verdict: 'Pass',
      probeSuccessPercentage: '100',
    });
    expect(status['probeStatuses']).toEqual([
      { name: 'web-up-before', type: 'httpProbe', mode: 'SOT', status: passed(url(web0!)) },
      { name: 'other-up-around', type: 'httpProbe', mode: 'Edge', status: passed(url(other0!)) },
      {
        name: 'web-fast-during',
        type: 'httpProbe',
        mode: 'OnChaos',
        status: {
          verdict: 'Passed',
          description: expect.stringMatching(
            /^passed all ([2-9]|[1-9]\d+) evaluations during the chaos window$/,
          ),
        },
      },
      { name: 'web-up-after', type: 'httpProbe', mode: 'EOT', status: passed(fast) },
    ]);
    expectHistory(before, after, 'passedRuns', {
      tasks: hosts().web.tasks,
      chaosStatus: 'reverted',
    });
    const evidence = expectResets(after, hosts().web.tasks);
    expect(evidence['resetTimeoutMs']).toBe(500);
    expectEvents(before, after, ids(), {
      startedMs: ran.result.startedMs,
      expected: [AWAITED, PRE, INJECT, POST, verdictEvent('Pass'), summary('Pass', evidence)],
    });
  }, 180_000);

  it('Fail: an OnChaos httpProbe on the faulted service meets the resets (a probe failure, not an error), exit 0 under the runner', async () => {
    const [web0] = hosts().web.tasks;
    const slow = url(web0!, SLOW);
    const { ran, before, after } = await observeRun(
      'fail',
      [
        httpProbe('web-up-before', 'SOT', url(web0!)),
        httpProbe('web-slow-during', 'OnChaos', slow, { probeTimeout: '5s' }),
      ],
      { env: runnerEnv(litmus) },
    );
    expectExit(ran.result, 0);
    expect(ran.left).toEqual([]);
    expect(ran.result.lines.filter((line) => line.level === 'error')).toEqual([]);
    const status = statusOf(after);
    expect(status['experimentStatus']).toEqual({
      phase: 'Completed_With_Probe_Failure',
      verdict: 'Fail',
      probeSuccessPercentage: '50',
      errorOutput: {
        errorCode: 'HTTP_PROBE_FAILURE',
        reason: `web-slow-during: failed chaos: ${reset(slow)}`,
      },
    });
    expect(status['probeStatuses']).toEqual([
      { name: 'web-up-before', type: 'httpProbe', mode: 'SOT', status: passed(url(web0!)) },
      {
        name: 'web-slow-during',
        type: 'httpProbe',
        mode: 'OnChaos',
        status: { verdict: 'Failed', description: `failed chaos: ${reset(slow)}` },
      },
    ]);
    expectHistory(before, after, 'failedRuns', {
      tasks: hosts().web.tasks,
      chaosStatus: 'reverted',
    });
    const evidence = expectResets(after, hosts().web.tasks);
    expectEvents(before, after, ids(), {
      startedMs: ran.result.startedMs,
      expected: [
        AWAITED,
        PRE,
        INJECT,
        postCheck('AUT: Running, Probes: Unsuccessful', 'Warning'),
        verdictEvent('Fail'),
        summary('Fail', evidence),
      ],
    });
  }, 180_000);

  it('Stopped by stopOnFailure: the window ends at the failure, every target reverted, exit 0 under the runner', async () => {
    const [web0, web1] = hosts().web.tasks;
    const slow = url(web0!, SLOW);
    const { ran, before, after } = await observeRun(
      'stop-on-failure',
      [
        httpProbe('web-up-before', 'SOT', url(web0!)),
        httpProbe('web-slow-during', 'OnChaos', slow, {
          probeTimeout: '5s',
          stopOnFailure: true,
          // Every target sees clients first, so the evidence is `reset` when the probe stops it.
          initialDelay: '3s',
        }),
        httpProbe('web-up-after', 'EOT', url(web1!)),
      ],
      { env: runnerEnv(litmus, { TOTAL_CHAOS_DURATION: '60' }) },
    );
    expectExit(ran.result, 0);
    expect(ran.result.endedMs - ran.result.startedMs).toBeLessThan(45_000);
    expect(ran.left).toEqual([]);
    const status = statusOf(after);
    expect(status['experimentStatus']).toEqual({
      phase: 'Stopped',
      verdict: 'Stopped',
      probeSuccessPercentage: '33',
      errorOutput: {
        errorCode: 'HTTP_PROBE_FAILURE',
        reason: `probe web-slow-during failed with stopOnFailure: ${reset(slow)}`,
      },
    });
    expect(status['probeStatuses']).toEqual([
      { name: 'web-up-before', type: 'httpProbe', mode: 'SOT', status: passed(url(web0!)) },
      {
        name: 'web-slow-during',
        type: 'httpProbe',
        mode: 'OnChaos',
        status: { verdict: 'Failed', description: `failed chaos: ${reset(slow)}` },
      },
      { name: 'web-up-after', type: 'httpProbe', mode: 'EOT', status: NOT_EVALUATED },
    ]);
    expectHistory(before, after, 'stoppedRuns', {
      tasks: hosts().web.tasks,
      chaosStatus: 'reverted',
    });
    const evidence = expectResets(after, hosts().web.tasks);
    expectEvents(before, after, ids(), {
      startedMs: ran.result.startedMs,
      expected: [AWAITED, PRE, INJECT, verdictEvent('Stopped'), summary('Stopped', evidence)],
    });
  }, 180_000);

  it('Stopped by SIGTERM mid-window: every target reverted within the grace period, Abort event, exit 0 under the runner', async () => {
    const [web0, web1] = hosts().web.tasks;
    let killedAt = 0;
    const { ran, before, after } = await observeRun(
      'sigterm',
      [
        httpProbe('web-up-before', 'SOT', url(web0!)),
        httpProbe('web-fast-during', 'OnChaos', url(web1!)),
      ],
      {
        env: runnerEnv(litmus, {
          TOTAL_CHAOS_DURATION: '60',
          TERMINATION_GRACE_PERIOD_SECONDS: '20',
        }),
        onReady: (run) => {
          setTimeout(() => {
            killedAt = Date.now();
            run.kill('SIGTERM');
          }, 3_000);
        },
      },
    );
    expectExit(ran.result, 0);
    expect(killedAt).toBeGreaterThan(0);
    suite.timings['sigterm-to-exit'] = ran.result.endedMs - killedAt;
    expect(ran.result.endedMs - killedAt).toBeLessThan(20_000);
    expect(ran.left).toEqual([]);
    const status = statusOf(after);
    expect(status['experimentStatus']).toEqual({
      phase: 'Stopped',
      verdict: 'Stopped',
      probeSuccessPercentage: '50',
      errorOutput: {
        errorCode: 'EXPERIMENT_ABORTED',
        reason: 'SIGTERM received; the fault was reverted',
      },
    });
    expect(status['probeStatuses']).toEqual([
      { name: 'web-up-before', type: 'httpProbe', mode: 'SOT', status: passed(url(web0!)) },
      { name: 'web-fast-during', type: 'httpProbe', mode: 'OnChaos', status: NOT_EVALUATED },
    ]);
    expectHistory(before, after, 'stoppedRuns', {
      tasks: hosts().web.tasks,
      chaosStatus: 'reverted',
    });
    const evidence = expectResets(after, hosts().web.tasks);
    expectEvents(before, after, ids(), {
      startedMs: ran.result.startedMs,
      expected: [AWAITED, PRE, INJECT, verdictEvent('Stopped'), abortSummary(evidence), ABORT],
    });
  }, 180_000);

  it('Error: an instance offline in SSM → Error/Error naming it, "0"%, nothing sent, exit 0 under the runner', async () => {
    const [web0] = hosts().web.tasks;
    const offline = web0!.instanceId;
    const { ran, before, after } = await observeRun(
      'error',
      [httpProbe('web-up-before', 'SOT', url(web0!))],
      {
        env: runnerEnv(litmus),
        fixture: (fixture) => ({
          ...fixture,
          managedInstances: (fixture.managedInstances ?? []).map((instance) =>
            instance.instanceId === offline
              ? { ...instance, pingStatus: 'ConnectionLost' }
              : instance,
          ),
        }),
      },
    );
    expectExit(ran.result, 0);
    expect(ran.sendCommands).toBe(0);
    expect(ran.left).toEqual([]);
    const status = statusOf(after);
    expect(status['experimentStatus']).toEqual({
      phase: 'Error',
      verdict: 'Error',
      probeSuccessPercentage: '0',
      errorOutput: {
        errorCode: 'PREFLIGHT_ERROR',
        reason: expect.stringContaining(
          `instance ${offline}: SSM PingStatus is ConnectionLost, not Online`,
        ),
      },
    });
    expect(status['probeStatuses']).toEqual([
      { name: 'web-up-before', type: 'httpProbe', mode: 'SOT', status: NOT_EVALUATED },
    ]);
    expect(status['faultEvidence']).toBeUndefined();
    expectHistory(before, after, undefined, { tasks: [], chaosStatus: 'targeted' });
    expectEvents(before, after, ids(), {
      startedMs: ran.result.startedMs,
      expected: [AWAITED, verdictEvent('Error'), summary('Error', undefined)],
    });
  }, 180_000);

  it('after the five runs: history counts 1 pass, 1 fail, 2 stopped; every event counted per run', async () => {
    const { result, events } = await observe(suite.kube(), litmus.namespace);
    const history = ((result?.['status'] as Json | undefined)?.['history'] ?? {}) as Json;
    expect(history).toMatchObject({ passedRuns: 1, failedRuns: 1, stoppedRuns: 2 });
    const counts = Object.fromEntries(
      [...events.values()].map((event) => [String(event['reason']), event['count']]),
    );
    expect(counts).toEqual({
      Awaited: 5,
      PreChaosCheck: 4,
      ChaosInject: 4,
      PostChaosCheck: 2,
      Pass: 1,
      Fail: 1,
      Stopped: 2,
      Abort: 1,
      Error: 1,
      Summary: 5,
    });
    expect(events.size).toBe(10);
  });
});
