// The Role the chart ships (test/fixtures/rbac/role.yaml) is enough for two runs back to
// back, and every single verb of it is needed: without it the run fails with our adapter's
// "forbidden: <verb> <resource>".
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startKubeApi, type KubeApi } from '../../../sandbox/kube/api-server.js';
import {
  createNamespace,
  serviceAccountWithRole,
  type RoleRule,
} from '../../../sandbox/kube/identities.js';
import { runFlow } from './run-flow.js';
import {
  createEngine,
  createExperimentPod,
  permissions,
  runnerEnv,
  shippedRules,
} from './world.js';

let api: KubeApi | undefined;
const rules = shippedRules();

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

const PROBE = {
  name: 'noop',
  type: 'cmdProbe',
  mode: 'EOT',
  // stopOnFailure: the run needs to be able to stop its engine (it passes, so it never does).
  runProperties: { probeTimeout: '2s', interval: '1s', stopOnFailure: true },
  'cmdProbe/inputs': {
    command: 'echo ok',
    comparator: { type: 'string', criteria: 'equal', value: 'ok' },
  },
};

/** Two runs (the second updates what the first created) as a ServiceAccount bound to `granted`. */
async function twoRuns(label: string, granted: readonly RoleRule[]): Promise<unknown> {
  const namespace = await createNamespace(kube().admin, label);
  const account = await serviceAccountWithRole(kube(), namespace, 'ehc-experiment', granted);
  await createExperimentPod(kube().admin, namespace, 'ehc-experiment');
  const uid = await createEngine(kube().admin, namespace, [PROBE]);
  const env = runnerEnv(namespace, uid, await kube().writeKubeconfig(account.token));
  try {
    for (let run = 0; run < 2; run += 1) await runFlow(env, [null, null], { windowMs: 50 });
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('the shipped Role', () => {
  it('holds exactly these rules', () => {
    expect(rules).toEqual([
      {
        apiGroups: ['litmuschaos.io'],
        resources: ['chaosresults'],
        verbs: ['get', 'create', 'update'],
      },
      { apiGroups: ['litmuschaos.io'], resources: ['chaosengines'], verbs: ['get'] },
      { apiGroups: [''], resources: ['events'], verbs: ['get', 'create', 'update'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      { apiGroups: ['litmuschaos.io'], resources: ['chaosengines'], verbs: ['patch'] },
    ]);
  });

  it('is sufficient for two runs in a row', async () => {
    expect(await twoRuns('rbac-all', rules)).toBeUndefined();
  }, 60_000);

  it.each(
    permissions(rules).map(
      (permission) => [`${permission.verb} ${permission.resource}`, permission] as const,
    ),
  )(
    'without %s the run fails with its "forbidden" message',
    async (_name, permission) => {
      const error = await twoRuns(
        `rbac-${permission.verb}-${permission.resource.split('.')[0] ?? ''}`,
        permission.without,
      );
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message).toContain(`forbidden: ${permission.verb} ${permission.resource} (`);
      expect(message).toContain(
        `Grant the experiment's ServiceAccount "${permission.verb}" on "${permission.resource}"`,
      );
    },
    60_000,
  );
});
