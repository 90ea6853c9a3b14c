// A bad tunable under Litmus, through the production `run` against the real API server
// with the chart's Role (ADR 0153): the ChaosResult and an Error event say which variable
// and why, the exit is 0 (the verdict is written, ADR 0152), and no AWS client is made.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCommand } from '../../../src/run/command.js';
import { startKubeApi, type KubeApi } from '../../../sandbox/kube/api-server.js';
import { createNamespace, serviceAccountWithRole } from '../../../sandbox/kube/identities.js';
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

const kube = (): KubeApi => {
  if (api === undefined) throw new Error('the test API server did not start (see beforeAll)');
  return api;
};

beforeAll(async () => {
  api = await startKubeApi();
}, 180_000);

afterAll(async () => {
  await api?.stop();
}, 30_000);

describe('run with a bad tunable under the chaos runner', () => {
  it('writes Error/CONFIG_INVALID naming the variable, value and rule; sends nothing to AWS', async () => {
    const namespace = await createNamespace(kube().admin, 'k8s-config');
    const account = await serviceAccountWithRole(
      kube(),
      namespace,
      'ehc-experiment',
      shippedRules(),
    );
    await createExperimentPod(kube().admin, namespace, 'ehc-experiment');
    const uid = await createEngine(kube().admin, namespace, []);
    const env = {
      ...runnerEnv(namespace, uid, await kube().writeKubeconfig(account.token), {
        RESET_TIMEOUT: '10s',
        LOG_FORMAT: 'json',
      }),
      // Nothing may reach this: a connection would be refused and show in the result.
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_ACCESS_KEY_ID: 'AKIAEHCCONFIGINVALID',
      AWS_SECRET_ACCESS_KEY: 'x',
    };
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runCommand({
      args: [],
      env,
      stdout: (line) => stdout.push(line),
      stderr: (line) => stderr.push(line),
      signal: new AbortController().signal,
    });
    expect(code).toBe(0);
    const status = (await readResult(kube().admin, namespace, `${ENGINE}-${EXPERIMENT}`))[
      'status'
    ] as Record<string, Record<string, unknown>>;
    expect(status['experimentStatus']).toMatchObject({ phase: 'Error', verdict: 'Error' });
    const error = status['experimentStatus']?.['errorOutput'] as Record<string, string>;
    expect(error['errorCode']).toBe('CONFIG_INVALID');
    expect(error['reason']).toContain(
      'RESET_TIMEOUT="10s": must be a whole number from 0 to 86400000 (digits only) (example: RESET_TIMEOUT=2000)',
    );
    expect(stderr.join('\n')).toContain('RESET_TIMEOUT="10s"');
    const events = await listEvents(kube().admin, namespace);
    expect(events.get('Error')).toMatchObject({ type: 'Warning' });
    // No phase after config ran: no credentials, no AWS.
    expect(stdout.some((line) => line.includes('"phase":"credentials"'))).toBe(false);
  }, 60_000);
});
