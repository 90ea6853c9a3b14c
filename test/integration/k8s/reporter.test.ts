// The ChaosResult, Events and probes against a real kube-apiserver, as a ServiceAccount
// bound only to the Role the chart ships.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadRunConfig } from '../../../src/config/load-config.js';
import { cryptoRandom, systemClock } from '../../../src/core/clock.js';
import { CustomObjectStore } from '../../../src/k8s/custom-store.js';
import { EventStore } from '../../../src/k8s/event-store.js';
import { identityOf } from '../../../src/result/identity.js';
import { StoreConflict } from '../../../src/result/stores.js';
import { ResultReporter } from '../../../src/result/reporter.js';
import type { ChaosResultObject } from '../../../src/result/types.js';
import { captureLogger } from '../../support/fakes/logger.js';
import { startKubeApi, type KubeApi } from '../../../sandbox/kube/api-server.js';
import {
  createNamespace,
  serviceAccountWithRole,
  type ServiceAccountIdentity,
} from '../../../sandbox/kube/identities.js';
import { TASKS, runFlow } from './run-flow.js';
import {
  ENGINE,
  EXPERIMENT,
  POD_LABELS,
  createEngine,
  createExperimentPod,
  listEvents,
  readResult,
  runnerEnv,
  shippedRules,
} from './world.js';

let api: KubeApi | undefined;
let server: Server | undefined;
let namespace = '';
let uid = '';
let kubeconfig = '';
let account: ServiceAccountIdentity | undefined;
let healthy = true;
const RESULT = `${ENGINE}-${EXPERIMENT}`;

const kube = (): KubeApi => {
  if (api === undefined) throw new Error('the test API server did not start (see beforeAll)');
  return api;
};

beforeAll(async () => {
  api = await startKubeApi();
  namespace = await createNamespace(api.admin, 'k8s-report');
  account = await serviceAccountWithRole(api, namespace, 'ehc-experiment', shippedRules());
  kubeconfig = await api.writeKubeconfig(account.token);
  await createExperimentPod(api.admin, namespace, 'ehc-experiment');
  server = createServer((_request, response) => response.writeHead(healthy ? 200 : 503).end());
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
  uid = await createEngine(api.admin, namespace, [
    {
      name: 'checkout-up',
      type: 'httpProbe',
      mode: 'OnChaos',
      runProperties: { probeTimeout: '1s', interval: '100ms', probePollingInterval: '200ms' },
      'httpProbe/inputs': { url, method: { get: { criteria: '==', responseCode: '200' } } },
    },
    {
      name: 'orders-ok',
      type: 'cmdProbe',
      mode: 'EOT',
      runProperties: { probeTimeout: '2s', interval: '1s' },
      'cmdProbe/inputs': {
        command: 'echo 0',
        comparator: { type: 'int', criteria: '==', value: '0' },
      },
    },
  ]);
}, 180_000);

afterAll(async () => {
  await new Promise((resolve) => {
    if (server === undefined) resolve(undefined);
    else server.close(resolve);
  });
  await api?.stop();
}, 30_000);

const counters = (connections: number, resets: number) => ({
  connections,
  resets,
  passedThrough: connections - resets,
  upstreamErrors: 0,
});

describe('reporting to the Kubernetes API with the shipped Role', () => {
  it('a Pass run: the ChaosResult field by field, and the Events', async () => {
    const run = await runFlow(runnerEnv(namespace, uid, kubeconfig), [
      counters(10, 10),
      counters(4, 4),
    ]);
    expect(run.reporting.sink).toBe('kubernetes');
    expect(
      run.lines.some((line) => String(line['message']).startsWith('ChaosResult sink: kubernetes')),
    ).toBe(true);
    expect(run.outcome.exitCode).toBe(0);
    const result = await readResult(kube().admin, namespace, RESULT);
    expect(result['metadata']).toMatchObject({ labels: { ...POD_LABELS, chaosUID: uid } });
    expect(result['spec']).toEqual({ engine: ENGINE, experiment: EXPERIMENT });
    expect(result['status']).toEqual({
      experimentStatus: { phase: 'Completed', verdict: 'Pass', probeSuccessPercentage: '100' },
      probeStatuses: [
        {
          name: 'checkout-up',
          type: 'httpProbe',
          mode: 'OnChaos',
          status: {
            verdict: 'Passed',
            description: expect.stringMatching(
              /^passed all \d+ evaluations during the chaos window$/,
            ) as unknown,
          },
        },
        {
          name: 'orders-ok',
          type: 'cmdProbe',
          mode: 'EOT',
          status: { verdict: 'Passed', description: 'actual 0, expected == 0' },
        },
      ],
      history: {
        passedRuns: 1,
        failedRuns: 0,
        stoppedRuns: 0,
        targets: TASKS.map((name) => ({ name, kind: 'ECSTask', chaosStatus: 'reverted' })),
      },
      faultEvidence: {
        effect: 'reset',
        resetTimeoutMs: 100,
        connections: 14,
        resets: 14,
        targets: [
          { name: TASKS[0], effect: 'reset', ...counters(10, 10) },
          { name: TASKS[1], effect: 'reset', ...counters(4, 4) },
        ],
      },
    });
    const events = await listEvents(kube().admin, namespace);
    expect([...events.keys()].sort()).toEqual([
      'Awaited',
      'ChaosInject',
      'Pass',
      'PostChaosCheck',
      'PreChaosCheck',
      'Summary',
    ]);
    const resultUid = (result['metadata'] as { uid: string }).uid;
    expect(events.get('Awaited')).toMatchObject({
      metadata: { name: `Awaited${EXPERIMENT}${uid}` },
      type: 'Normal',
      count: 1,
      message: `experiment: ${EXPERIMENT}, Result: Awaited`,
      involvedObject: {
        apiVersion: 'litmuschaos.io/v1alpha1',
        kind: 'ChaosResult',
        name: RESULT,
        namespace,
        uid: resultUid,
      },
      source: { component: 'ecs-container-http-reset-peer-x1y2z-abcde' },
    });
    expect(events.get('ChaosInject')).toMatchObject({
      metadata: { name: `ChaosInject${EXPERIMENT}${uid}` },
      message: `Injecting ${EXPERIMENT} chaos on target tasks`,
      involvedObject: { kind: 'ChaosEngine', name: ENGINE, uid },
    });
    // litmus-go's words: the verdict on the result, "has been Passed" on the engine.
    expect(events.get('Pass')).toMatchObject({
      type: 'Normal',
      message: `experiment: ${EXPERIMENT}, Result: Pass`,
    });
    expect(events.get('Summary')).toMatchObject({
      type: 'Normal',
      message: `${EXPERIMENT} experiment has been Passed (connections: 14, resets: 14)`,
      involvedObject: { kind: 'ChaosEngine' },
    });
  }, 60_000);

  it('a second run: counters kept, the OnChaos probe fails (503), events updated with count++, no-reset warning', async () => {
    healthy = false;
    try {
      const run = await runFlow(runnerEnv(namespace, uid, kubeconfig), [
        counters(6, 0),
        counters(0, 0),
      ]);
      expect(run.outcome.exitCode).toBe(1);
    } finally {
      healthy = true;
    }
    const result = await readResult(kube().admin, namespace, RESULT);
    const status = result['status'] as Record<string, Record<string, unknown>>;
    expect(status['experimentStatus']).toEqual({
      phase: 'Completed_With_Probe_Failure',
      verdict: 'Fail',
      probeSuccessPercentage: '50',
      errorOutput: {
        errorCode: 'HTTP_PROBE_FAILURE',
        reason: expect.stringContaining('checkout-up: failed chaos: GET http') as unknown,
      },
    });
    expect(status['history']).toMatchObject({ passedRuns: 1, failedRuns: 1, stoppedRuns: 0 });
    expect(status['faultEvidence']).toMatchObject({
      effect: 'no-connections',
      connections: 6,
      resets: 0,
    });
    const events = await listEvents(kube().admin, namespace);
    expect(events.get('Awaited')).toMatchObject({ count: 2 });
    expect(events.get('ChaosInject')).toMatchObject({ count: 2 });
    expect(events.get('Fail')).toMatchObject({ type: 'Warning', count: 1 });
    expect(events.get('Summary')).toMatchObject({
      type: 'Warning',
      count: 2,
      message: `${EXPERIMENT} experiment has been Failed (connections: 6, resets: 0)`,
    });
    expect(events.get('FaultNotObserved')).toMatchObject({
      type: 'Warning',
      message: expect.stringContaining(
        '1 saw no client connection at all; 1 saw connections but reset none',
      ) as unknown,
    });
  }, 60_000);

  it("a stale write gets a real 409 from the server; the reporter re-reads and keeps the other writer's change", async () => {
    const sa = account?.config ?? kube().admin;
    const chaosResults = {
      group: 'litmuschaos.io',
      version: 'v1alpha1',
      plural: 'chaosresults',
      namespace,
    };
    const store = new CustomObjectStore<ChaosResultObject>(sa, chaosResults);
    const stale = (await store.read(RESULT)) as unknown as ChaosResultObject;
    const admin = new CustomObjectStore<ChaosResultObject>(kube().admin, chaosResults);
    const fresh = (await admin.read(RESULT)) as unknown as ChaosResultObject;
    await admin.replace({
      ...fresh,
      metadata: { ...fresh.metadata, labels: { ...fresh.metadata.labels, reviewed: 'yes' } },
    });
    await expect(store.replace(stale)).rejects.toBeInstanceOf(StoreConflict);

    let interfered = false;
    const racing = new CustomObjectStore<ChaosResultObject>(sa, chaosResults);
    const replace = racing.replace.bind(racing);
    racing.replace = async (object) => {
      if (!interfered) {
        interfered = true;
        const now = (await admin.read(RESULT)) as unknown as ChaosResultObject;
        await admin.replace({
          ...now,
          metadata: { ...now.metadata, annotations: { 'ops/ticket': 'CHG-1' } },
        });
      }
      return replace(object);
    };
    const config = loadRunConfig(runnerEnv(namespace, uid, kubeconfig), cryptoRandom);
    const reporter = new ResultReporter({
      sink: 'kubernetes',
      location: 'test',
      results: racing,
      events: new EventStore(sa, namespace),
      identity: identityOf(config),
      labels: () => Promise.resolve({ ...POD_LABELS }),
      clock: systemClock,
      logger: captureLogger().logger,
      retry: { attempts: 3, delayMs: 50 },
      resetTimeoutMs: 100,
    });
    await reporter.setTargets([TASKS[0] ?? ''], 'targeted');
    expect(interfered).toBe(true);
    const result = await readResult(kube().admin, namespace, RESULT);
    expect((result['metadata'] as { annotations?: Record<string, string> }).annotations).toEqual({
      'ops/ticket': 'CHG-1',
    });
    expect((result['metadata'] as { labels: Record<string, string> }).labels['reviewed']).toBe(
      'yes',
    );
    expect((result['status'] as { history: { targets: unknown[] } }).history.targets).toEqual([
      { name: TASKS[0], kind: 'ECSTask', chaosStatus: 'targeted' },
    ]);
  }, 60_000);
});
