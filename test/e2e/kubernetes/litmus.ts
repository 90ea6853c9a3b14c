// The Litmus side of the end-to-end runs: a namespace per scenario holding what the chaos
// infrastructure creates before it starts our pod — the chart's ServiceAccount, Role and
// RoleBinding (rendered by the real helm, applied as they are), the experiment Pod with the
// runner's labels, and a ChaosEngine declaring the probes.
/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- client-node's
   models are plain data classes: its serializer reads their fields, never their prototype. */
import {
  CoreV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  loadAllYaml,
  type KubernetesObject,
} from '@kubernetes/client-node';
import type { KubeApi } from '../../../sandbox/kube/api-server.js';
import { createChaosEngine } from '../../../sandbox/kube/engine.js';
import {
  createNamespace,
  isAllowed,
  serviceAccountToken,
  withoutPermission,
  type RoleRule,
  type Without,
} from '../../../sandbox/kube/identities.js';

import { waitUntil } from '../../../sandbox/kube/wait.js';
import { render } from '../../../sandbox/kube/helm.js';

export {
  permissionsOf,
  withoutPermission,
  type Without,
} from '../../../sandbox/kube/identities.js';

export const EXPERIMENT = 'ecs-container-http-reset-peer';
export const ENGINE = 'web-chaos';
export const RESULT = `${ENGINE}-${EXPERIMENT}`;
export const POD = 'ecs-container-http-reset-peer-7m2kq-x8v4d';
/** What the Litmus chaos runner puts on the experiment pod. */
export const POD_LABELS = {
  name: EXPERIMENT,
  'app.kubernetes.io/part-of': 'litmus',
  'app.kubernetes.io/component': 'experiment-job',
  'job-name': 'ecs-container-http-reset-peer-7m2kq',
};
const LITMUS = { group: 'litmuschaos.io', version: 'v1alpha1' };

export interface LitmusNamespace {
  readonly namespace: string;
  /** The ServiceAccount's kubeconfig file (a TokenRequest token, RBAC decides everything). */
  readonly kubeconfig: string;
  /** The ChaosEngine's uid: CHAOS_UID, as the runner sets it. */
  readonly engineUid: string;
  /** The Role's rules as applied (the chart's, maybe minus one verb). */
  readonly rules: readonly RoleRule[];
}

/** The chart's ServiceAccount, Role and RoleBinding for this namespace (`helm template`). */
export async function chartRbac(namespace: string): Promise<KubernetesObject[]> {
  const text = await render({
    namespace,
    showOnly: ['templates/serviceaccount.yaml', 'templates/role.yaml'],
  });
  return (loadAllYaml(text) as (KubernetesObject | null)[]).filter(
    (object): object is KubernetesObject => object !== null,
  );
}

/**
 * A namespace as Litmus prepares it for our pod. `without`: the same, but the Role lacks
 * one verb. Resolves once the authorizer grants the ServiceAccount its Role.
 */
export async function litmusNamespace(
  api: KubeApi,
  label: string,
  without?: Without,
): Promise<LitmusNamespace> {
  const namespace = await createNamespace(api.admin, label);
  const objects = await chartRbac(namespace);
  const role = objects.find((object) => object.kind === 'Role');
  const account = objects.find((object) => object.kind === 'ServiceAccount')?.metadata?.name;
  if (role === undefined || account === undefined) {
    throw new Error('the chart rendered no Role or no ServiceAccount');
  }
  let rules = (role as KubernetesObject & { rules: RoleRule[] }).rules;
  if (without !== undefined) {
    rules = withoutPermission(role, without);
    Object.assign(role, { rules });
  }
  const client = KubernetesObjectApi.makeApiClient(api.admin);
  for (const object of objects) await client.create(object);
  const token = await serviceAccountToken(api.admin, namespace, account);
  const config = api.kubeConfigFor(token);
  const first = rules[0];
  if (first !== undefined) {
    await waitUntil(
      `RBAC grants ${namespace}/${account} its Role`,
      () => isAllowed(config, namespace, first),
      { timeoutMs: 15_000 },
    );
  }
  await createPod(api, namespace, account);
  const engineUid = await createEngine(api, namespace, account);
  return { namespace, kubeconfig: await api.writeKubeconfig(token), engineUid, rules };
}

async function createPod(api: KubeApi, namespace: string, account: string): Promise<void> {
  await api.admin.makeApiClient(CoreV1Api).createNamespacedPod({
    namespace,
    body: {
      metadata: { name: POD, labels: POD_LABELS },
      spec: {
        serviceAccountName: account,
        restartPolicy: 'Never',
        containers: [{ name: EXPERIMENT, image: 'ecs-http-chaos:dev', args: ['run'] }],
      },
    },
  });
}

function createEngine(api: KubeApi, namespace: string, account: string): Promise<string> {
  return createChaosEngine(api.admin, {
    namespace,
    name: ENGINE,
    experiment: EXPERIMENT,
    serviceAccount: account,
    probes: [],
  });
}

/** The engine's probes for the next run, as a user edits the ChaosEngine between runs. */
export async function setProbes(
  api: KubeApi,
  namespace: string,
  probes: readonly object[],
): Promise<void> {
  const custom = api.admin.makeApiClient(CustomObjectsApi);
  const where = { ...LITMUS, namespace, plural: 'chaosengines', name: ENGINE };
  const engine = (await custom.getNamespacedCustomObject(where)) as {
    spec: { experiments: { name: string; spec: { probe: readonly object[] } }[] };
  };
  engine.spec.experiments = [{ name: EXPERIMENT, spec: { probe: probes } }];
  await custom.replaceNamespacedCustomObject({ ...where, body: engine });
}

export type Json = Record<string, unknown>;

/** The ChaosResult (undefined before the first run) and every Event, by name. */
export interface Observed {
  readonly result: Json | undefined;
  readonly events: ReadonlyMap<string, Json>;
}

export async function observe(api: KubeApi, namespace: string): Promise<Observed> {
  const custom = api.admin.makeApiClient(CustomObjectsApi);
  const result = (await custom
    .getNamespacedCustomObject({ ...LITMUS, namespace, plural: 'chaosresults', name: RESULT })
    .catch((error: unknown) => {
      if ((error as { code?: unknown }).code === 404) return undefined;
      throw error;
    })) as Json | undefined;
  const list = await api.admin.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace });
  const events = new Map(
    list.items.map((event) => [
      event.metadata.name ?? '',
      JSON.parse(JSON.stringify(event)) as Json,
    ]),
  );
  return { result, events };
}
