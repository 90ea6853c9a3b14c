/**
 * The Kubernetes side of the demo, only when `make tools` has already built kube-apiserver
 * and etcd (the demo never builds them): the harness's real API server, a namespace as
 * Litmus has one, a ChaosEngine declaring the probe, and the experiment's ServiceAccount
 * bound to exactly the Role the chart ships. Without them, the run reports to a file.
 */
/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- client-node's
   models are plain data classes: its serializer reads their fields, never their prototype. */
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import type { ChaosResultObject } from '../../src/result/types.js';
import { startKubeApi, type KubeApi } from '../kube/api-server.js';
import { serviceAccountWithRole, shippedRules } from '../kube/identities.js';
import { litmusCrdsDir, toolPath } from '../kube/paths.js';

export const NAMESPACE = 'litmus';
export const ENGINE = 'ehc-demo';
export const EXPERIMENT = 'ecs-container-http-reset-peer';
const SERVICE_ACCOUNT = 'ecs-container-http-reset-peer';
const LITMUS = { group: 'litmuschaos.io', version: 'v1alpha1' } as const;

/** Why there is no Kubernetes API for this demo, or undefined when one can be started. */
export async function kubeUnavailable(): Promise<string | undefined> {
  try {
    await toolPath('kube-apiserver');
    await toolPath('etcd');
    litmusCrdsDir();
    return undefined;
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).split('\n')[0];
  }
}

export interface DemoKube {
  readonly api: KubeApi;
  readonly engineUid: string;
  /** The experiment's own credentials (the chart's Role), for KUBECONFIG. */
  readonly kubeconfig: string;
  readonly serviceAccount: string;
}

export async function startDemoKube(probes: readonly object[]): Promise<DemoKube> {
  const api = await startKubeApi();
  try {
    await api.admin
      .makeApiClient(CoreV1Api)
      .createNamespace({ body: { metadata: { name: NAMESPACE } } });
    const account = await serviceAccountWithRole(api, NAMESPACE, SERVICE_ACCOUNT, shippedRules());
    const engine = (await api.admin.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
      ...LITMUS,
      namespace: NAMESPACE,
      plural: 'chaosengines',
      body: {
        apiVersion: `${LITMUS.group}/${LITMUS.version}`,
        kind: 'ChaosEngine',
        metadata: { name: ENGINE, namespace: NAMESPACE },
        spec: {
          engineState: 'active',
          chaosServiceAccount: SERVICE_ACCOUNT,
          experiments: [{ name: EXPERIMENT, spec: { probe: probes } }],
        },
      },
    })) as { metadata: { uid: string } };
    return {
      api,
      engineUid: engine.metadata.uid,
      kubeconfig: await api.writeKubeconfig(account.token),
      serviceAccount: account.username,
    };
  } catch (error) {
    await api.stop();
    throw error;
  }
}

/** The ChaosResult the run wrote, and the Events in the namespace, as the API holds them. */
export async function readFromApi(
  kube: DemoKube,
): Promise<{ result: ChaosResultObject | undefined; events: unknown[] }> {
  const custom = kube.api.admin.makeApiClient(CustomObjectsApi);
  const results = (await custom.listNamespacedCustomObject({
    ...LITMUS,
    namespace: NAMESPACE,
    plural: 'chaosresults',
  })) as { items?: ChaosResultObject[] };
  const events = await kube.api.admin
    .makeApiClient(CoreV1Api)
    .listNamespacedEvent({ namespace: NAMESPACE });
  return {
    result: results.items?.[0],
    events: events.items.map((event) => JSON.parse(JSON.stringify(event)) as unknown),
  };
}
