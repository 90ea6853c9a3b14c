// Applies the Litmus CRDs with client-node (no kubectl) and waits until the API server
// reports each one Established and its resources answer a list: right after Established,
// requests still get 429 "storage is (re)initializing" while the watch cache fills.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ApiextensionsV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  loadAllYaml,
  type KubeConfig,
  type KubernetesObject,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import { litmusCrdsDir } from './paths.js';
import { waitUntil } from './wait.js';

export async function applyLitmusCrds(admin: KubeConfig): Promise<string[]> {
  const folder = litmusCrdsDir();
  const files = (await readdir(folder)).filter((file) => file.endsWith('.yaml')).sort();
  const objects = api(admin);
  const names: string[] = [];
  for (const file of files) {
    for (const document of loadAllYaml(
      await readFile(join(folder, file), 'utf8'),
    ) as KubernetesObject[]) {
      if (document.kind !== 'CustomResourceDefinition') continue;
      await objects.create(document);
      names.push(document.metadata?.name ?? '');
    }
  }
  if (names.length === 0) throw new Error(`no CustomResourceDefinition in ${folder}`);
  const extensions = admin.makeApiClient(ApiextensionsV1Api);
  const custom = admin.makeApiClient(CustomObjectsApi);
  for (const name of names) {
    let crd: V1CustomResourceDefinition | undefined;
    await waitUntil(
      `CRD ${name} Established`,
      async () => {
        crd = await extensions.readCustomResourceDefinition({ name });
        return isEstablished(crd);
      },
      { timeoutMs: 30_000 },
    );
    const { group, names: kinds, versions } = (crd as V1CustomResourceDefinition).spec;
    for (const version of versions.filter((candidate) => candidate.served)) {
      await waitUntil(
        `${kinds.plural}.${group}/${version.name} served`,
        async () => {
          await custom.listClusterCustomObject({
            group,
            version: version.name,
            plural: kinds.plural,
            limit: 1,
          });
          return true;
        },
        { timeoutMs: 30_000 },
      );
    }
  }
  await warmUp(objects);
  return names;
}

/**
 * The first custom-resource write after start-up takes about 2 s on the server (measured on
 * kube-apiserver 1.37, any CRD, dry run or not); every later one takes milliseconds. A dry
 * run pays that here, so tests see steady latencies.
 */
async function warmUp(objects: KubernetesObjectApi): Promise<void> {
  await objects.create(
    {
      apiVersion: 'litmuschaos.io/v1alpha1',
      kind: 'ChaosResult',
      metadata: { name: 'ehc-warm-up', namespace: 'default' },
    },
    undefined,
    'All',
  );
}

function api(config: KubeConfig): KubernetesObjectApi {
  return KubernetesObjectApi.makeApiClient(config);
}

function isEstablished(crd: V1CustomResourceDefinition): boolean {
  return (crd.status?.conditions ?? []).some(
    (condition) => condition.type === 'Established' && condition.status === 'True',
  );
}
