// Runs that end early, against the real API: a probe with stopOnFailure meeting connection
// resets (what the fault does to clients), and a SIGTERM in the middle of the window.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { startKubeApi, type KubeApi } from '../../../sandbox/kube/api-server.js';
import { createNamespace, serviceAccountWithRole } from '../../../sandbox/kube/identities.js';
import { runFlow } from './run-flow.js';
import {
  ENGINE,
  EXPERIMENT,
  createEngine,
  createExperimentPod,
  listEvents,
  readResult,
  runnerEnv,
  shippedRules,
} from './world.js';

let api: KubeApi | undefined;
let resetting: Server | undefined;
const sockets = new Set<Socket>();
let url = '';

const kube = (): KubeApi => {
  if (api === undefined) throw new Error('the test API server did not start (see beforeAll)');
  return api;
};

beforeAll(async () => {
  api = await startKubeApi();
  // Every connection is reset once the request arrives, as the proxy does at RESET_TIMEOUT.
  resetting = createServer((socket) => {
    sockets.add(socket);
    socket.once('data', () => socket.resetAndDestroy());
  });
  await new Promise<void>((resolve) => resetting?.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(resetting.address() as AddressInfo).port}/`;
}, 180_000);

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => {
    if (resetting === undefined) resolve(undefined);
    else resetting.close(resolve);
  });
  await api?.stop();
}, 30_000);

async function world(
  label: string,
  stopOnFailure: boolean,
): Promise<{ namespace: string; env: ReturnType<typeof runnerEnv> }> {
  const namespace = await createNamespace(kube().admin, label);
  const account = await serviceAccountWithRole(kube(), namespace, 'ehc-experiment', shippedRules());
  await createExperimentPod(kube().admin, namespace, 'ehc-experiment');
  const uid = await createEngine(kube().admin, namespace, [
    {
      name: 'checkout-up',
      type: 'httpProbe',
      mode: 'OnChaos',
      runProperties: { probeTimeout: '1s', interval: '50ms', attempt: 2, stopOnFailure },
      'httpProbe/inputs': { url, method: { get: { criteria: '==', responseCode: '200' } } },
    },
    {
      name: 'after',
      type: 'cmdProbe',
      mode: 'EOT',
      runProperties: { probeTimeout: '2s', interval: '1s' },
      'cmdProbe/inputs': {
        command: 'echo 1',
        comparator: { type: 'int', criteria: '==', value: '1' },
      },
    },
  ]);
  return { namespace, env: runnerEnv(namespace, uid, await kube().writeKubeconfig(account.token)) };
}

const RESULT = `${ENGINE}-${EXPERIMENT}`;

async function readEngine(namespace: string): Promise<Record<string, unknown>> {
  return (await kube().admin.makeApiClient(CustomObjectsApi).getNamespacedCustomObject({
    group: 'litmuschaos.io',
    version: 'v1alpha1',
    namespace,
    plural: 'chaosengines',
    name: ENGINE,
  })) as Record<string, unknown>;
}

describe('runs that stop early', () => {
  it('stopOnFailure: the reset fails the probe (a failure, not an error) and the run ends Stopped, exit 1', async () => {
    const { namespace, env } = await world('k8s-stop', true);
    const started = Date.now();
    const run = await runFlow(env, [null, null], { windowMs: 20_000 });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.outcome.exitCode).toBe(1);
    const status = (await readResult(kube().admin, namespace, RESULT))['status'] as Record<
      string,
      unknown
    >;
    expect(status['experimentStatus']).toEqual({
      phase: 'Stopped',
      verdict: 'Stopped',
      probeSuccessPercentage: '0',
      errorOutput: {
        errorCode: 'HTTP_PROBE_FAILURE',
        reason: `probe checkout-up failed with stopOnFailure: GET ${url}: ECONNRESET (connection reset by peer) (all 2 attempts failed)`,
      },
    });
    expect(status['probeStatuses']).toEqual([
      {
        name: 'checkout-up',
        type: 'httpProbe',
        mode: 'OnChaos',
        status: {
          verdict: 'Failed',
          description: `failed chaos: GET ${url}: ECONNRESET (connection reset by peer) (all 2 attempts failed)`,
        },
      },
      {
        name: 'after',
        type: 'cmdProbe',
        mode: 'EOT',
        status: { verdict: 'N/A', description: 'Either probe is not executed or not evaluated' },
      },
    ]);
    expect(status['history']).toMatchObject({ passedRuns: 0, failedRuns: 0, stoppedRuns: 1 });
    const events = await listEvents(kube().admin, namespace);
    expect(events.get('Stopped')).toMatchObject({
      type: 'Warning',
      message: `experiment: ${EXPERIMENT}, Result: Stopped`,
    });
    expect(events.get('Summary')).toMatchObject({
      type: 'Warning',
      message: `experiment: ${EXPERIMENT}, Result: Stopped (connections: 0, resets: 0)`,
    });
    expect(events.has('Abort')).toBe(false);
    // As litmus-go's stopChaosEngine: the engine is set to stop, so the operator ends it
    // "stopped" (ADR 0162). Only engineState changes: the rest of the spec is untouched.
    const engine = await readEngine(namespace);
    expect(engine['spec']).toMatchObject({
      engineState: 'stop',
      chaosServiceAccount: 'ehc-experiment',
    });
    expect(
      run.lines.some((line) =>
        String(line['message']).includes('ChaosEngine patched to engineState stop'),
      ),
    ).toBe(true);
  }, 60_000);

  it('SIGTERM in the window: Stopped/Stopped, stoppedRuns, Abort event, exit 143', async () => {
    const { namespace, env } = await world('k8s-sigterm', false);
    const run = await runFlow(
      env,
      [{ connections: 2, resets: 2, passedThrough: 0, upstreamErrors: 0 }, null],
      { windowMs: 1000, signal: 'SIGTERM' },
    );
    expect(run.outcome.exitCode).toBe(143);
    const status = (await readResult(kube().admin, namespace, RESULT))['status'] as Record<
      string,
      Record<string, unknown>
    >;
    expect(status['experimentStatus']).toMatchObject({
      phase: 'Stopped',
      verdict: 'Stopped',
      errorOutput: { errorCode: 'EXPERIMENT_ABORTED' },
    });
    expect(status['history']).toMatchObject({ stoppedRuns: 1 });
    const events = await listEvents(kube().admin, namespace);
    expect(events.get('Abort')).toMatchObject({
      type: 'Warning',
      message: `${EXPERIMENT} experiment has been aborted`,
      involvedObject: { kind: 'ChaosResult', name: RESULT },
    });
    expect(events.get('Summary')).toMatchObject({
      type: 'Warning',
      message: `${EXPERIMENT} experiment has been aborted (connections: 2, resets: 2)`,
    });
    // A signal is not a probe's stop: the engine is left to whoever sent it.
    expect((await readEngine(namespace))['spec']).toMatchObject({ engineState: 'active' });
  }, 60_000);
});
