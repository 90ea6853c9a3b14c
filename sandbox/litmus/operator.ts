// The Litmus control plane on the test node as Litmus installs it (docs/decisions/0182):
// the CRDs (already applied by the API harness, from shared/litmus-crds), then the
// operator's own deploy/rbac.yaml and deploy/operator.yaml from its source snapshot,
// unmodified but for the images (the local ones `make litmus-images` built) and
// ANALYTICS=FALSE (its default phones Google Analytics; no test sends traffic outside).
/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- client-node's
   models are plain data classes: its serializer reads their fields, never their prototype. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AppsV1Api,
  KubernetesObjectApi,
  loadAllYaml,
  type KubeConfig,
  type KubernetesObject,
  type V1Deployment,
} from '@kubernetes/client-node';
import { litmusSourcesDir, repositoryRoot } from '../kube/paths.js';
import { waitUntil } from '../kube/wait.js';

export const OPERATOR_NAMESPACE = 'litmus';

export interface LitmusImages {
  readonly operator: string;
  readonly runner: string;
}

/** The local images' names; their tags are the pinned commits (scripts/tools/versions.sh). */
export async function litmusImages(): Promise<LitmusImages> {
  const text = await readFile(join(repositoryRoot(), 'scripts', 'tools', 'versions.sh'), 'utf8');
  const pinned = (name: string): string => {
    const value = new RegExp(`^${name}=(\\S+)$`, 'm').exec(text)?.[1];
    if (value === undefined) throw new Error(`scripts/tools/versions.sh has no ${name}`);
    return value;
  };
  return {
    operator: `ehc-test/chaos-operator:${pinned('CHAOS_OPERATOR_VERSION')}`,
    runner: `ehc-test/chaos-runner:${pinned('CHAOS_RUNNER_VERSION')}`,
  };
}

async function manifests(file: string): Promise<KubernetesObject[]> {
  const text = await readFile(join(litmusSourcesDir(), 'chaos-operator', 'deploy', file), 'utf8');
  return (loadAllYaml(text) as (KubernetesObject | null)[]).filter(
    (object): object is KubernetesObject => object !== null,
  );
}

function localised(deployment: V1Deployment, images: LitmusImages): V1Deployment {
  for (const container of deployment.spec?.template.spec?.containers ?? []) {
    container.image = images.operator;
    container.imagePullPolicy = 'IfNotPresent';
    const env = (container.env ?? []).filter((entry) => entry.name !== 'ANALYTICS');
    container.env = [
      ...env.map((entry) =>
        entry.name === 'CHAOS_RUNNER_IMAGE' ? { name: entry.name, value: images.runner } : entry,
      ),
      { name: 'ANALYTICS', value: 'FALSE' },
    ];
  }
  return deployment;
}

/** Applies the operator's RBAC and Deployment; resolves once its pod is available. */
export async function installOperator(admin: KubeConfig, images: LitmusImages): Promise<void> {
  const client = KubernetesObjectApi.makeApiClient(admin);
  for (const object of await manifests('rbac.yaml')) await client.create(object);
  for (const object of await manifests('operator.yaml')) {
    await client.create(
      object.kind === 'Deployment' ? localised(object as V1Deployment, images) : object,
    );
  }
  const apps = admin.makeApiClient(AppsV1Api);
  await waitUntil(
    'the chaos-operator Deployment available',
    async () => {
      const deployments = await apps.listNamespacedDeployment({ namespace: OPERATOR_NAMESPACE });
      return deployments.items.every((one) => (one.status?.availableReplicas ?? 0) >= 1);
    },
    { timeoutMs: 120_000, intervalMs: 500 },
  );
}
