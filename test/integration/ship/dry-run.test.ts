// Every manifest we ship, rendered or plain, applied with a server-side dry run to a real
// kube-apiserver that serves the Litmus CRDs, with strict field validation: a misspelled
// field, a wrong type or a value the CRD's schema refuses fails here, not in a user's cluster.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CoreV1Api,
  V1Namespace,
  V1ObjectMeta,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadProbes } from '../../../src/probes/source.js';
import { startKubeApi, type KubeApi } from '../../../sandbox/kube/api-server.js';
import { repositoryRoot } from '../../../sandbox/kube/paths.js';
import { CUSTOM_VALUES, EXPERIMENT_DIR, GOLDEN_DIR } from '../../support/ship/generated.js';
import { render } from '../../../sandbox/kube/helm.js';
import { dryRunApply } from '../../support/ship/server-side-apply.js';
import { manifests } from '../../support/ship/sources.js';

const root = repositoryRoot();
const namespaceNamed = (name: string): V1Namespace =>
  Object.assign(new V1Namespace(), { metadata: Object.assign(new V1ObjectMeta(), { name }) });
const otherNamespace = `ehc-ship-${process.pid}`;
let api: KubeApi | undefined;

const kube = (): KubeApi => {
  if (api === undefined) throw new Error('the test API server did not start (see beforeAll)');
  return api;
};

beforeAll(async () => {
  api = await startKubeApi();
  const core = api.admin.makeApiClient(CoreV1Api);
  for (const name of ['litmus', otherNamespace]) {
    await core.createNamespace({ body: namespaceNamed(name) });
  }
}, 180_000);

afterAll(async () => {
  await api?.stop();
}, 30_000);

const read = (path: string): Promise<string> => readFile(join(root, path), 'utf8');

type Manifest = KubernetesObject & Record<string, unknown>;

async function applyAll(text: string): Promise<{ sent: Manifest; got: Manifest }[]> {
  const results: { sent: Manifest; got: Manifest }[] = [];
  for (const sent of manifests(text) as Manifest[]) {
    const got = (await dryRunApply(kube().admin, sent)) as Manifest;
    results.push({ sent, got });
  }
  return results;
}

/** What the server answers for a refused object: its status code and message. */
async function refusal(object: Manifest): Promise<{ code: number; message: string }> {
  try {
    await dryRunApply(kube().admin, object);
  } catch (error) {
    const failed = error as { code?: number; body?: string; message?: string };
    return { code: failed.code ?? -1, message: `${failed.body ?? ''} ${failed.message ?? ''}` };
  }
  throw new Error(`the server accepted ${object.kind ?? '?'} ${object.metadata?.name ?? '?'}`);
}

const kinds = (results: { sent: Manifest }[]): string[] =>
  results.map(({ sent }) => sent.kind ?? '').sort();

describe('server-side dry run with strict field validation', () => {
  it('accepts the golden render of the default values', async () => {
    const results = await applyAll(await read(`${GOLDEN_DIR}/default.yaml`));
    expect(kinds(results)).toEqual(['ChaosExperiment', 'Role', 'RoleBinding', 'ServiceAccount']);
    for (const { sent, got } of results) {
      expect(got.metadata?.name).toBe(sent.metadata?.name);
      expect(got.metadata?.namespace).toBe('litmus');
    }
  });

  it('accepts the golden render of the non-default values, Job and probes included', async () => {
    const results = await applyAll(await read(`${GOLDEN_DIR}/custom.yaml`));
    expect(kinds(results)).toEqual([
      'ChaosExperiment',
      'ConfigMap',
      'Job',
      'Role',
      'RoleBinding',
      'ServiceAccount',
    ]);
    const experiment = results.find(({ sent }) => sent.kind === 'ChaosExperiment');
    const env = (manifest: Manifest | undefined): unknown =>
      (manifest as { spec?: { definition?: { env?: unknown } } } | undefined)?.spec?.definition
        ?.env;
    // Nothing pruned: the CRD keeps every env item and the secrets the chart mounts.
    expect(env(experiment?.got)).toEqual(env(experiment?.sent));
    expect(
      (experiment?.got as { spec: { definition: Record<string, unknown> } }).spec.definition,
    ).toMatchObject({ secrets: [{ name: 'cloud-secret', mountPath: '/tmp/' }] });
  });

  it('accepts the chart rendered into another namespace', async () => {
    const text = await render({
      namespace: otherNamespace,
      valuesFiles: [join(root, CUSTOM_VALUES)],
    });
    const results = await applyAll(text);
    expect(results).toHaveLength(6);
    for (const { got } of results) expect(got.metadata?.namespace).toBe(otherNamespace);
  });

  it.each(['rbac.yaml', 'experiment.yaml', 'job.yaml', 'engine.yaml'])(
    'accepts the plain %s',
    async (file) => {
      const results = await applyAll(await read(`${EXPERIMENT_DIR}/${file}`));
      expect(results.length).toBeGreaterThan(0);
      for (const { sent, got } of results) expect(got.kind).toBe(sent.kind);
    },
  );
});

describe('the dry run can refuse', () => {
  it('a misspelled field of a built-in kind (strict validation reaches the server)', async () => {
    const [job] = manifests(await read(`${EXPERIMENT_DIR}/job.yaml`)) as Manifest[];
    const spec = { ...(job?.spec as Record<string, unknown>), backofLimit: 0 };
    const refused = await refusal({ ...(job as Manifest), spec });
    // Server-side apply reports a field missing from the schema as 500 "failed to create
    // typed patch object", as `kubectl apply --server-side` shows it.
    expect(refused.code).toBe(500);
    expect(refused.message).toContain('.spec.backofLimit: field not declared in schema');
  });

  it('a probe mode the ChaosEngine CRD does not allow', async () => {
    const text = (await read(`${EXPERIMENT_DIR}/engine.yaml`)).replace(
      'mode: OnChaos',
      'mode: onchaos',
    );
    const [engine] = manifests(text) as Manifest[];
    const refused = await refusal(engine as Manifest);
    expect(refused.code).toBe(422);
    expect(refused.message).toContain(
      "spec.experiments[0].spec.probe[0].mode in body should match '^(SOT|EOT|Edge|Continuous|OnChaos)$'",
    );
  });

  it('an env value that is not a string in the ChaosExperiment', async () => {
    const text = (await read(`${EXPERIMENT_DIR}/experiment.yaml`)).replace(
      'value: "60"',
      'value: 60',
    );
    const [experiment] = manifests(text) as Manifest[];
    const refused = await refusal(experiment as Manifest);
    expect(refused.code).toBe(500);
    expect(refused.message).toMatch(/\.spec\.definition\.env\[\d+\]\.value: expected string/);
  });
});

describe('the sample ChaosEngine', () => {
  it('names the experiment and ServiceAccount we ship, with probes the run loads', async () => {
    const [engine] = manifests(await read(`${EXPERIMENT_DIR}/engine.yaml`));
    expect(engine).toMatchObject({
      spec: {
        chaosServiceAccount: 'ecs-container-http-reset-peer-sa',
        terminationGracePeriodSeconds: 120,
        experiments: [{ name: 'ecs-container-http-reset-peer' }],
      },
    });
    const { probes } = await loadProbes({
      engine: 'checkout-reset-peer',
      experiment: 'ecs-container-http-reset-peer',
      probesFile: undefined,
      readEngine: (name) => Promise.resolve(name === 'checkout-reset-peer' ? engine : undefined),
    });
    expect(probes.map((probe) => [probe.type, probe.mode])).toEqual([
      ['httpProbe', 'OnChaos'],
      ['promProbe', 'EOT'],
    ]);
  });
});
