// The Kubernetes side end to end, continued: DEFAULT_HEALTH_CHECK on a steady and on an
// unsteady service (ADR 0065 → ADR 0062), the same run with no Kubernetes API at all (the
// ChaosResult and Events go to CHAOS_RESULT_FILE, same content), and the chart's Role: each
// single permission taken away makes the real run fail with "forbidden: <verb> <resource>".
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { comparableEvents, comparableResult } from './comparable.js';
import { expectEvents, expectHistory, expectResets, statusOf } from './expectations.js';
import {
  RESULT,
  chartRbac,
  litmusNamespace,
  permissionsOf,
  setProbes,
  type Json,
  type LitmusNamespace,
  type Observed,
} from './litmus.js';
import { httpProbe, linesWith, runScenario, runnerEnv, url, type Scenario } from './scenario.js';
import { Suite } from './suite.js';
import {
  AWAITED,
  INJECT,
  NOT_EVALUATED,
  POST,
  PRE,
  postCheck,
  preCheck,
  expectExit,
  passed,
  summary,
  verdictEvent,
} from './vocabulary.js';

const suite = new Suite('kubernetes e2e (health, sinks, RBAC)');
let litmus: LitmusNamespace;
let rules: ReturnType<typeof permissionsOf> = [];
/** The API run of the steady scenario, for the run without an API to match. */
let steady: Observed | undefined;
const hosts = () => suite.hosts();
const ids = () => ({ namespace: litmus.namespace, engineUid: litmus.engineUid });
const HEALTH = { DEFAULT_HEALTH_CHECK: 'true' };
const steadyProbes = () => [
  httpProbe('web-up-before', 'SOT', url(hosts().web.tasks[0]!)),
  httpProbe('web-up-after', 'EOT', url(hosts().web.tasks[1]!)),
];

beforeAll(async () => {
  await suite.start();
  litmus = await litmusNamespace(suite.kube(), 'e2e-health');
  const role = (await chartRbac('any')).find((object) => object.kind === 'Role');
  rules = permissionsOf((role as unknown as { rules: Parameters<typeof permissionsOf>[0] }).rules);
}, 300_000);

afterAll(async () => {
  await suite.stop();
}, 180_000);

const observeRun = (label: string, probes: readonly object[], scenario: Scenario) =>
  suite.observeRun(litmus, label, probes, scenario);

describe('DEFAULT_HEALTH_CHECK against the emulated ECS service', () => {
  it('steady service: checked before and after the fault, Pass', async () => {
    const [web0, web1] = hosts().web.tasks;
    const { ran, before, after } = await observeRun('health-steady', steadyProbes(), {
      env: runnerEnv(litmus, HEALTH),
    });
    expectExit(ran.result, 0);
    expect(ran.left).toEqual([]);
    const checks = ran.result.lines.filter((line) => line.message.startsWith('health check'));
    expect(checks.map((line) => [line.phase, line.level, line.message])).toEqual([
      ['pre-chaos', 'info', 'health check before the fault: steady'],
      ['post-chaos', 'info', 'health check after the fault: steady'],
    ]);
    expect(ran.aws.requests.count('ecs:DescribeServices')).toBeGreaterThanOrEqual(3);
    expect(statusOf(after)['experimentStatus']).toEqual({
      phase: 'Completed',
      verdict: 'Pass',
      probeSuccessPercentage: '100',
    });
    expect(statusOf(after)['probeStatuses']).toEqual([
      { name: 'web-up-before', type: 'httpProbe', mode: 'SOT', status: passed(url(web0!)) },
      { name: 'web-up-after', type: 'httpProbe', mode: 'EOT', status: passed(url(web1!)) },
    ]);
    expectHistory(before, after, 'passedRuns', {
      tasks: hosts().web.tasks,
      chaosStatus: 'reverted',
    });
    const evidence = expectResets(after, hosts().web.tasks);
    expectEvents(before, after, ids(), {
      startedMs: ran.result.startedMs,
      expected: [AWAITED, PRE, INJECT, POST, verdictEvent('Pass'), summary('Pass', evidence)],
    });
    steady = after;
  }, 180_000);

  it('running < desired before the fault: Error/Error STATUS_CHECKS_ERROR, nothing injected, exit 0 under the runner', async () => {
    const { ran, before, after } = await observeRun('health-unsteady-before', steadyProbes(), {
      env: runnerEnv(litmus, HEALTH),
      fixture: (fixture) => ({
        ...fixture,
        clusters: fixture.clusters.map((cluster) => ({
          ...cluster,
          services: (cluster.services ?? []).map((service) =>
            service.name === 'web' ? { ...service, desiredCount: 3 } : service,
          ),
        })),
      }),
    });
    expectExit(ran.result, 0);
    expect(ran.sendCommands).toBe(0);
    expect(ran.left).toEqual([]);
    expect(statusOf(after)['experimentStatus']).toEqual({
      phase: 'Error',
      verdict: 'Error',
      probeSuccessPercentage: '0',
      errorOutput: {
        errorCode: 'STATUS_CHECKS_ERROR',
        reason:
          'the service was not steady before the fault: service web runs 2 of 3 desired tasks',
      },
    });
    expect(statusOf(after)['probeStatuses']).toEqual([
      { name: 'web-up-before', type: 'httpProbe', mode: 'SOT', status: NOT_EVALUATED },
      { name: 'web-up-after', type: 'httpProbe', mode: 'EOT', status: NOT_EVALUATED },
    ]);
    expect(statusOf(after)['faultEvidence']).toBeUndefined();
    expectHistory(before, after, undefined, { tasks: hosts().web.tasks, chaosStatus: 'targeted' });
    expectEvents(before, after, ids(), {
      startedMs: ran.result.startedMs,
      expected: [
        AWAITED,
        preCheck('AUT: Not Running', 'Warning'),
        verdictEvent('Error'),
        summary('Error', undefined),
      ],
    });
  }, 180_000);

  it('a targeted task stops during the window: reverted, then Completed/Fail STATUS_CHECKS_ERROR, exit 0 under the runner', async () => {
    const stopped = hosts().web.tasks[0]!;
    const { ran, before, after } = await observeRun('health-unsteady-after', steadyProbes(), {
      env: runnerEnv(litmus, HEALTH),
      onReady: (_run, aws) => {
        aws.state.stopTask(stopped.taskArn, 'Essential container in task exited');
      },
    });
    expectExit(ran.result, 0);
    expect(ran.left).toEqual([]);
    expect(statusOf(after)['experimentStatus']).toEqual({
      phase: 'Completed',
      verdict: 'Fail',
      probeSuccessPercentage: '100',
      errorOutput: {
        errorCode: 'STATUS_CHECKS_ERROR',
        reason: `the service is not steady after the fault: service web runs 1 of 2 desired tasks; task ${stopped.taskArn} is STOPPED, not RUNNING`,
      },
    });
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
        postCheck('AUT: Not Running, Probes: Successful', 'Warning'),
        verdictEvent('Fail'),
        summary('Fail', evidence),
      ],
    });
  }, 180_000);
});

describe('no Kubernetes API (no kubeconfig, no in-cluster account)', () => {
  it('writes CHAOS_RESULT_FILE and its events file with what the API run of the same scenario holds', async () => {
    expect(steady?.result).toBeDefined();
    const folder = await mkdtemp(join(tmpdir(), 'ehc-e2e-file-sink-'));
    try {
      const resultFile = join(folder, 'chaosresult.json');
      const probesFile = join(folder, 'probes.yaml');
      await writeFile(probesFile, JSON.stringify({ probe: steadyProbes() }));
      const ran = await runScenario(hosts(), {
        env: runnerEnv(undefined, {
          ...HEALTH,
          CHAOS_NAMESPACE: litmus.namespace,
          CHAOS_UID: litmus.engineUid,
          PROBES_FILE: probesFile,
          CHAOS_RESULT_FILE: resultFile,
        }),
      });
      suite.timings['file-sink'] = ran.result.endedMs - ran.result.startedMs;
      expectExit(ran.result, 0);
      expect(ran.left).toEqual([]);
      expect(
        linesWith(ran.result, `ChaosResult sink: file (${resultFile}, events in `),
      ).toHaveLength(1);
      const written = JSON.parse(await readFile(resultFile, 'utf8')) as Json;
      expect(comparableResult(written)).toEqual(comparableResult(steady?.result));
      expect((written['metadata'] as Json)['labels']).toEqual({ chaosUID: litmus.engineUid });
      const events = JSON.parse(
        await readFile(join(folder, 'chaosresult.events.json'), 'utf8'),
      ) as Json[];
      expect(comparableEvents(events)).toEqual(comparableEvents(steady?.events.values() ?? []));
      expect(ran.result.stderr).toContain(
        `ChaosResult ${RESULT}: verdict Pass, phase Completed, probe success 100% (written to ${resultFile}`,
      );
      expect(ran.result.stderr).toContain('exit code 0');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 180_000);
});

describe("the chart's Role, one permission taken away at a time", () => {
  // The Role starts with the experiment's rules; the chaos runner's follow, and are
  // proven under the real runner by test/e2e/litmus (ADR 0180).
  it("starts with the experiment's nine permissions, each tried below", () => {
    expect(rules.slice(0, 9).map((rule) => `${rule.verb} ${rule.resource}`)).toEqual([
      'get chaosresults.litmuschaos.io',
      'create chaosresults.litmuschaos.io',
      'update chaosresults.litmuschaos.io',
      'get chaosengines.litmuschaos.io',
      'get events',
      'create events',
      'update events',
      'get pods',
      'patch chaosengines.litmuschaos.io',
    ]);
  });

  it.each([
    'get chaosresults.litmuschaos.io',
    'create chaosresults.litmuschaos.io',
    'update chaosresults.litmuschaos.io',
    'get chaosengines.litmuschaos.io',
    'get events',
    'create events',
    'update events',
    'get pods',
    'patch chaosengines.litmuschaos.io',
  ])(
    'without %s the run fails before any inject: "forbidden" in its output; exit 3 when not even the verdict could be written',
    async (name) => {
      const [verb = '', resource = ''] = name.split(' ');
      const label = `e2e-rbac-${verb}-${resource.split('.')[0] ?? ''}`;
      const without = await litmusNamespace(suite.kube(), label, { verb, resource });
      // A stopOnFailure probe (that passes): the run must be able to stop its engine.
      await setProbes(suite.kube(), without.namespace, [
        httpProbe('web-up-before', 'SOT', url(hosts().web.tasks[0]!), { stopOnFailure: true }),
        httpProbe('web-up-after', 'EOT', url(hosts().web.tasks[1]!)),
      ]);
      const granted = rules.filter((rule) => `${rule.verb} ${rule.resource}` !== name);
      expect(without.rules.flatMap((rule) => rule.verbs)).toHaveLength(granted.length);
      // `update events` only shows on a second run: the first one creates every event.
      if (name === 'update events') {
        const first = await runScenario(hosts(), { env: runnerEnv(without) });
        expectExit(first.result, 0);
        expect(first.left).toEqual([]);
      }
      const ran = await runScenario(hosts(), { env: runnerEnv(without) });
      suite.timings[`rbac without ${name}`] = ran.result.endedMs - ran.result.startedMs;
      // ADR 0152: an Error the ChaosResult holds exits 0 under the runner; one it cannot hold, 3.
      expectExit(ran.result, resource.startsWith('chaosresults') ? 3 : 0);
      expect(ran.sendCommands).toBe(0);
      expect(ran.left).toEqual([]);
      const refused = linesWith(ran.result, `forbidden: ${verb} ${resource} (`);
      expect(refused.map((line) => line.level)).toContain('error');
      expect(JSON.stringify(refused)).toContain(
        `Grant the experiment's ServiceAccount \\"${verb}\\" on \\"${resource}\\" in namespace ${without.namespace}`,
      );
    },
    180_000,
  );
});
