// k8sProbe against the real API, and the file sink when no API server answers: the same
// ChaosResult object either way.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { loadRunConfig } from '../../../src/config/load-config.js';
import { cryptoRandom, systemClock } from '../../../src/core/clock.js';
import { DynamicResources } from '../../../src/k8s/dynamic.js';
import { openReporting } from '../../../src/reporting/open.js';
import { captureLogger } from '../../support/fakes/logger.js';
import { startKubeApi, type KubeApi } from '../../../sandbox/kube/api-server.js';
import { createNamespace, serviceAccountWithRole } from '../../../sandbox/kube/identities.js';
import { runFlow } from './run-flow.js';
import {
  ENGINE,
  EXPERIMENT,
  createEngine,
  createExperimentPod,
  readResult,
  runnerEnv,
  shippedRules,
} from './world.js';

let api: KubeApi | undefined;
let folder = '';

const kube = (): KubeApi => {
  if (api === undefined) throw new Error('the test API server did not start (see beforeAll)');
  return api;
};

beforeAll(async () => {
  api = await startKubeApi();
  folder = await mkdtemp(join(tmpdir(), 'ehc-k8s-sinks-'));
}, 180_000);

afterAll(async () => {
  await api?.stop();
  await rm(folder, { recursive: true, force: true });
}, 30_000);

const CMD_PROBE = {
  name: 'orders-ok',
  type: 'cmdProbe',
  mode: 'Edge',
  runProperties: { probeTimeout: '2s', interval: '1s' },
  'cmdProbe/inputs': { command: 'echo 0', comparator: { type: 'int', criteria: '==', value: '0' } },
};
const counters = { connections: 3, resets: 3, passedThrough: 0, upstreamErrors: 0 };

describe('k8sProbe on the real API', () => {
  it("reads pods by label through the experiment's own credentials (plus the rule the user grants)", async () => {
    const namespace = await createNamespace(kube().admin, 'k8s-probe');
    const rules = [...shippedRules(), { apiGroups: [''], resources: ['pods'], verbs: ['list'] }];
    const account = await serviceAccountWithRole(kube(), namespace, 'ehc-experiment', rules);
    await createExperimentPod(kube().admin, namespace, 'ehc-experiment');
    const probe = (name: string, operation: string, labelSelector: string) => ({
      name,
      type: 'k8sProbe',
      mode: 'SOT',
      runProperties: { probeTimeout: '2s', interval: '100ms' },
      'k8sProbe/inputs': { version: 'v1', resource: 'pods', namespace, labelSelector, operation },
    });
    const uid = await createEngine(kube().admin, namespace, [
      probe('runner-pod', 'present', `job-name=${EXPERIMENT}-x1y2z`),
      probe('no-canary', 'absent', 'app=canary'),
    ]);
    const run = await runFlow(
      runnerEnv(namespace, uid, await kube().writeKubeconfig(account.token)),
      [counters, counters],
      { windowMs: 50 },
    );
    expect(run.outcome.experimentStatus.verdict).toBe('Pass');
    const status = (await readResult(kube().admin, namespace, `${ENGINE}-${EXPERIMENT}`))[
      'status'
    ] as { probeStatuses: unknown[] };
    expect(status.probeStatuses).toEqual([
      expect.objectContaining({
        name: 'runner-pod',
        status: {
          verdict: 'Passed',
          description: `1 pods/v1 in ${namespace} matching labels "job-name=${EXPERIMENT}-x1y2z" fields "" present (ecs-container-http-reset-peer-x1y2z-abcde)`,
        },
      }),
      expect.objectContaining({
        name: 'no-canary',
        status: {
          verdict: 'Passed',
          description: `no pods/v1 in ${namespace} matching labels "app=canary" fields ""`,
        },
      }),
    ]);
  }, 60_000);

  it('create, present by name, delete and absent on core and custom groups', async () => {
    const namespace = await createNamespace(kube().admin, 'k8s-dynamic');
    const resources = new DynamicResources(kube().admin);
    const signal = AbortSignal.timeout(10_000);
    const configmaps = { group: '', version: 'v1', resource: 'configmaps', namespace };
    expect(
      await resources.create(
        configmaps,
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ehc-flag' }, data: { on: '1' } },
        signal,
      ),
    ).toBe('ehc-flag');
    expect(await resources.exists(configmaps, 'ehc-flag', signal)).toBe(true);
    await resources.remove(configmaps, 'ehc-flag', signal);
    expect(await resources.exists(configmaps, 'ehc-flag', signal)).toBe(false);
    await createEngine(kube().admin, namespace, []);
    const engines = {
      group: 'litmuschaos.io',
      version: 'v1alpha1',
      resource: 'chaosengines',
      namespace,
    };
    expect(
      await resources.list(
        engines,
        { labelSelector: '', fieldSelector: `metadata.name=${ENGINE}` },
        signal,
      ),
    ).toEqual([ENGINE]);
    const outsider = new DynamicResources(kube().kubeConfigFor('not-a-token'));
    await expect(
      outsider.list(engines, { labelSelector: '', fieldSelector: '' }, signal),
    ).rejects.toThrow(/^list chaosengines.litmuschaos.io: Unauthorized/);
  }, 60_000);
});

describe("the experiment pod's grace period (ADR 0150)", () => {
  it.each([
    [45, 45],
    // The API server defaults an omitted field to Kubernetes' 30 s, as the runner's pod gets.
    [undefined, 30],
  ])(
    'pod with terminationGracePeriodSeconds %p: the run budgets %p s',
    async (set, expected) => {
      const namespace = await createNamespace(kube().admin, 'k8s-grace');
      const account = await serviceAccountWithRole(
        kube(),
        namespace,
        'ehc-experiment',
        shippedRules(),
      );
      await createExperimentPod(kube().admin, namespace, 'ehc-experiment', set);
      const uid = await createEngine(kube().admin, namespace, []);
      const env = runnerEnv(namespace, uid, await kube().writeKubeconfig(account.token), {
        TERMINATION_GRACE_PERIOD_SECONDS: '0',
      });
      const { logger } = captureLogger();
      const reporting = await openReporting(loadRunConfig(env, cryptoRandom), {
        env,
        clock: systemClock,
        logger,
        stderr: () => undefined,
        kubernetes: { serviceAccountDir: '/nonexistent', reachTimeoutMs: 3000 },
      });
      expect(reporting.sink).toBe('kubernetes');
      await reporting.begin();
      expect(await reporting.podGracePeriodSeconds()).toBe(expected);
    },
    60_000,
  );
});

describe('no Kubernetes API reachable', () => {
  it('writes the same ChaosResult object to CHAOS_RESULT_FILE and says so', async () => {
    // The reference: the same run against the API.
    const namespace = await createNamespace(kube().admin, 'k8s-file');
    const account = await serviceAccountWithRole(
      kube(),
      namespace,
      'ehc-experiment',
      shippedRules(),
    );
    await createExperimentPod(kube().admin, namespace, 'ehc-experiment');
    const uid = await createEngine(kube().admin, namespace, [CMD_PROBE]);
    await runFlow(
      runnerEnv(namespace, uid, await kube().writeKubeconfig(account.token)),
      [counters, null],
      { windowMs: 50 },
    );
    const reference = await readResult(kube().admin, namespace, `${ENGINE}-${EXPERIMENT}`);

    // A kubeconfig whose server refuses connections, probes from PROBES_FILE.
    const dead = createServer();
    const port = await new Promise<number>((resolve) =>
      dead.listen(0, '127.0.0.1', () => {
        resolve((dead.address() as { port: number }).port);
      }),
    );
    await new Promise((resolve) => dead.close(resolve));
    const unreachable = new KubeConfig();
    unreachable.loadFromOptions({
      clusters: [{ name: 'gone', server: `https://127.0.0.1:${port}`, skipTLSVerify: false }],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'gone', cluster: 'gone', user: 'u' }],
      currentContext: 'gone',
    });
    await writeFile(join(folder, 'kubeconfig'), unreachable.exportConfig());
    await writeFile(join(folder, 'probes.yaml'), JSON.stringify([CMD_PROBE]));
    const resultFile = join(folder, 'chaosresult.json');
    const env = runnerEnv(namespace, uid, join(folder, 'kubeconfig'), {
      PROBES_FILE: join(folder, 'probes.yaml'),
      CHAOS_RESULT_FILE: resultFile,
    });
    const run = await runFlow(env, [counters, null], { windowMs: 50 });
    expect(run.reporting.sink).toBe('file');
    expect(
      run.lines.some(
        (line) =>
          line['level'] === 'warn' &&
          String(line['message']).includes('Kubernetes API not reachable'),
      ),
    ).toBe(true);
    expect(
      run.lines.some((line) =>
        String(line['message']).startsWith(`ChaosResult sink: file (${resultFile}`),
      ),
    ).toBe(true);
    expect(run.summary[0]).toContain(
      `ChaosResult ${ENGINE}-${EXPERIMENT}: verdict Pass, phase Completed`,
    );

    const written = JSON.parse(await readFile(resultFile, 'utf8')) as Record<
      string,
      Record<string, unknown>
    >;
    expect(written['apiVersion']).toBe(reference['apiVersion']);
    expect(written['kind']).toBe(reference['kind']);
    expect(written['spec']).toEqual(reference['spec']);
    expect(written['status']).toEqual(reference['status']);
    expect(written['metadata']).toMatchObject({
      name: `${ENGINE}-${EXPERIMENT}`,
      namespace,
      labels: { chaosUID: uid },
    });
    const events = JSON.parse(await readFile(join(folder, 'chaosresult.events.json'), 'utf8')) as {
      reason: string;
    }[];
    expect(events.map((event) => event.reason).sort()).toEqual([
      'Awaited',
      'ChaosInject',
      'FaultNotObserved',
      'Pass',
      'PostChaosCheck',
      'PreChaosCheck',
      'Summary',
    ]);
  }, 60_000);
});
