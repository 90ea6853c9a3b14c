// What a Litmus cluster holds when our experiment pod runs: a namespace, the experiment
// pod (with the runner's labels), a ChaosEngine declaring probes, and a ServiceAccount
// bound to exactly the Role the chart ships (test/fixtures/rbac/role.yaml).
/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- client-node's
   models are plain data classes: its serializer reads their fields, never their prototype. */
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { Environment } from '../../../src/core/context.js';
import { createChaosEngine } from '../../../sandbox/kube/engine.js';
import type { RoleRule } from '../../../sandbox/kube/identities.js';

export { shippedRules } from '../../../sandbox/kube/identities.js';

export const EXPERIMENT = 'ecs-container-http-reset-peer';
export const ENGINE = 'checkout-chaos';
export const POD = 'ecs-container-http-reset-peer-x1y2z-abcde';
export const POD_LABELS = {
  name: EXPERIMENT,
  'app.kubernetes.io/part-of': 'litmus',
  'app.kubernetes.io/component': 'experiment-job',
  'job-name': 'ecs-container-http-reset-peer-x1y2z',
};

/** Every (rule, verb) of the Role: the unit that "removing one permission" removes. */
export function permissions(
  rules: readonly RoleRule[],
): { verb: string; resource: string; without: RoleRule[] }[] {
  return rules.flatMap((rule, index) =>
    rule.verbs.map((verb) => ({
      verb,
      resource: `${rule.resources[0] ?? ''}${rule.apiGroups[0] === '' ? '' : `.${rule.apiGroups[0] ?? ''}`}`,
      without: rules
        .map((other, at) =>
          at === index ? { ...other, verbs: other.verbs.filter((kept) => kept !== verb) } : other,
        )
        .filter((other) => other.verbs.length > 0),
    })),
  );
}

export async function createExperimentPod(
  admin: KubeConfig,
  namespace: string,
  serviceAccount: string,
  terminationGracePeriodSeconds?: number,
): Promise<void> {
  await admin.makeApiClient(CoreV1Api).createNamespacedPod({
    namespace,
    body: {
      metadata: { name: POD, labels: POD_LABELS },
      spec: {
        serviceAccountName: serviceAccount,
        automountServiceAccountToken: false,
        restartPolicy: 'Never',
        ...(terminationGracePeriodSeconds === undefined ? {} : { terminationGracePeriodSeconds }),
        containers: [{ name: 'experiment', image: 'ecs-http-chaos:0.1.0', args: ['run'] }],
      },
    },
  });
}

/** A ChaosEngine whose entry for our experiment declares `probes`; returns its uid. */
export function createEngine(
  admin: KubeConfig,
  namespace: string,
  probes: readonly object[],
): Promise<string> {
  return createChaosEngine(admin, {
    namespace,
    name: ENGINE,
    experiment: EXPERIMENT,
    serviceAccount: 'ehc-experiment',
    probes,
  });
}

/** The environment the chaos runner gives the experiment pod, pointed at a kubeconfig. */
export function runnerEnv(
  namespace: string,
  uid: string,
  kubeconfig: string,
  extra: Environment = {},
): Environment {
  return {
    CLUSTER_NAME: 'prod',
    REGION: 'us-east-1',
    SERVICE_NAME: 'checkout',
    CHAOSENGINE: ENGINE,
    CHAOS_NAMESPACE: namespace,
    CHAOS_UID: uid,
    EXPERIMENT_NAME: EXPERIMENT,
    POD_NAME: POD,
    KUBECONFIG: kubeconfig,
    RESET_TIMEOUT: '100',
    TOTAL_CHAOS_DURATION: '5',
    ...extra,
  };
}

export async function readResult(
  admin: KubeConfig,
  namespace: string,
  name: string,
): Promise<Record<string, unknown>> {
  return (await admin.makeApiClient(CustomObjectsApi).getNamespacedCustomObject({
    group: 'litmuschaos.io',
    version: 'v1alpha1',
    namespace,
    plural: 'chaosresults',
    name,
  })) as Record<string, unknown>;
}

export async function listEvents(
  admin: KubeConfig,
  namespace: string,
): Promise<Map<string, Record<string, unknown>>> {
  const list = await admin.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace });
  return new Map(
    list.items.map((event) => [
      event.reason ?? '',
      JSON.parse(JSON.stringify(event)) as Record<string, unknown>,
    ]),
  );
}
