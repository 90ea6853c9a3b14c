// The test Kubernetes API is real: etcd + kube-apiserver from `make tools`, RBAC enforced,
// the Litmus CRDs served with their schemas. Every later Kubernetes-side test builds on
// these facts, so they are checked here against the server itself.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ApiextensionsV1Api,
  KubeConfig,
  KubernetesObjectApi,
  VersionApi,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { startKubeApi, type KubeApi } from '../../../sandbox/kube/api-server.js';
import { createNamespace, serviceAccountWithRole } from '../../../sandbox/kube/identities.js';
import { apiFailure, chaosExperiment, chaosResult } from './fixtures.js';

let api: KubeApi | undefined;
let namespace = '';

const kube = (): KubeApi => {
  if (api === undefined) throw new Error('the test API server did not start (see beforeAll)');
  return api;
};
const objects = (): KubernetesObjectApi => KubernetesObjectApi.makeApiClient(kube().admin);

beforeAll(async () => {
  api = await startKubeApi();
  process.stderr.write(`test Kubernetes API ${api.server} up: ${JSON.stringify(api.timings)} ms\n`);
  namespace = await createNamespace(api.admin, 'kube-api');
}, 180_000);

afterAll(async () => {
  await api?.stop();
}, 30_000);

describe('the test Kubernetes API server', () => {
  it('is the pinned kube-apiserver, answering over TLS verified with its own CA', async () => {
    const version = await kube().admin.makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toMatch(/^v1\.\d+\.\d+$/);
    expect(kube().server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the three Litmus CRDs, Established, at litmuschaos.io/v1alpha1', async () => {
    const extensions = kube().admin.makeApiClient(ApiextensionsV1Api);
    for (const plural of ['chaosengines', 'chaosexperiments', 'chaosresults']) {
      const crd = await extensions.readCustomResourceDefinition({
        name: `${plural}.litmuschaos.io`,
      });
      const established = crd.status?.conditions?.find(
        (condition) => condition.type === 'Established',
      );
      expect(established?.status).toBe('True');
      expect(crd.spec.versions.map((version) => version.name)).toContain('v1alpha1');
    }
  });

  it('stores a ChaosResult with its status (no status subresource) and reads it back', async () => {
    const result = chaosResult(namespace, 'ehc-engine-ecs-container-http-reset-peer');
    await objects().create(result);
    const read = await objects().read<KubernetesObject & { status?: unknown; spec?: unknown }>({
      apiVersion: 'litmuschaos.io/v1alpha1',
      kind: 'ChaosResult',
      metadata: { name: result.metadata.name, namespace },
    });
    expect(read.metadata?.labels).toEqual(result.metadata.labels);
    expect(read.spec).toEqual(result.spec);
    expect(read.status).toEqual(result.status);
    expect(read.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a ChaosResult update carrying a stale resourceVersion with 409 Conflict', async () => {
    const result = chaosResult(namespace, 'ehc-engine-conflict');
    const created = await objects().create(result);
    await objects().replace({
      ...created,
      metadata: { ...created.metadata, labels: { step: 'one' } },
    });
    const failure = await apiFailure(
      objects().replace({ ...created, metadata: { ...created.metadata, labels: { step: 'two' } } }),
    );
    expect(failure.code).toBe(409);
    expect(failure.message).toContain('the object has been modified');
  });

  it('enforces RBAC: a ServiceAccount allowed only get on chaosresults cannot create one (403)', async () => {
    const existing = chaosResult(namespace, 'ehc-engine-readable');
    await objects().create(existing);
    const reader = await serviceAccountWithRole(kube(), namespace, 'ehc-result-reader', [
      { apiGroups: ['litmuschaos.io'], resources: ['chaosresults'], verbs: ['get'] },
    ]);
    const asReader = KubernetesObjectApi.makeApiClient(reader.config);

    const read = await asReader.read({
      apiVersion: 'litmuschaos.io/v1alpha1',
      kind: 'ChaosResult',
      metadata: { name: existing.metadata.name, namespace },
    });
    expect(read.metadata?.name).toBe(existing.metadata.name);

    const failure = await apiFailure(
      asReader.create(chaosResult(namespace, 'ehc-engine-forbidden')),
    );
    expect(failure.code).toBe(403);
    expect(failure.reason).toBe('Forbidden');
    expect(failure.message).toBe(
      `chaosresults.litmuschaos.io is forbidden: User "${reader.username}" cannot create resource ` +
        `"chaosresults" in API group "litmuschaos.io" in the namespace "${namespace}"`,
    );
  });

  it('writes a kubeconfig file that a child process can load to act as the ServiceAccount', async () => {
    const lister = await serviceAccountWithRole(kube(), namespace, 'ehc-result-lister', [
      { apiGroups: ['litmuschaos.io'], resources: ['chaosresults'], verbs: ['list'] },
    ]);
    const fromFile = new KubeConfig();
    fromFile.loadFromFile(await kube().writeKubeconfig(lister.token));
    const asLister = KubernetesObjectApi.makeApiClient(fromFile);
    const listed = await asLister.list('litmuschaos.io/v1alpha1', 'ChaosResult', namespace);
    expect(listed.items.length).toBeGreaterThan(0);
    const failure = await apiFailure(
      asLister.list('litmuschaos.io/v1alpha1', 'ChaosResult', 'default'),
    );
    expect(failure.code).toBe(403);
    expect(failure.message).toContain(
      `User "${lister.username}" cannot list resource "chaosresults"`,
    );
  });

  it('accepts a ChaosExperiment in a server-side dry run without storing it', async () => {
    const experiment = chaosExperiment(namespace, 'Namespaced');
    const dryRun = await objects().create(experiment, undefined, 'All');
    expect(dryRun.metadata.name).toBe(experiment.metadata.name);
    const failure = await apiFailure(objects().read(experiment));
    expect(failure.code).toBe(404);
  });

  it('rejects a ChaosExperiment that breaks the CRD schema in a dry run (422, field named)', async () => {
    const failure = await apiFailure(
      objects().create(chaosExperiment(namespace, 'Everywhere'), undefined, 'All'),
    );
    expect(failure.code).toBe(422);
    expect(failure.message).toContain('spec.definition.scope');
    expect(failure.message).toContain('Everywhere');
  });
});
