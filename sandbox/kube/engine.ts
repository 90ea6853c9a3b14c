import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';

export interface EngineSpec {
  readonly namespace: string;
  readonly name: string;
  readonly experiment: string;
  readonly serviceAccount: string;
  readonly probes: readonly object[];
}

/** An active ChaosEngine whose one experiment entry declares `probes`; returns its uid. */
export async function createChaosEngine(admin: KubeConfig, spec: EngineSpec): Promise<string> {
  const created = (await admin.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
    group: 'litmuschaos.io',
    version: 'v1alpha1',
    namespace: spec.namespace,
    plural: 'chaosengines',
    body: {
      apiVersion: 'litmuschaos.io/v1alpha1',
      kind: 'ChaosEngine',
      metadata: { name: spec.name, namespace: spec.namespace },
      spec: {
        engineState: 'active',
        chaosServiceAccount: spec.serviceAccount,
        experiments: [{ name: spec.experiment, spec: { probe: spec.probes } }],
      },
    },
  })) as { metadata: { uid: string } };
  return created.metadata.uid;
}
