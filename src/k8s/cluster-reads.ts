import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { RESULT_GROUP, RESULT_VERSION } from '../result/types.js';
import { CustomObjectStore } from './custom-store.js';
import { apiFailure } from './failures.js';

/** The ChaosEngine as plain JSON (its probes are read from it), or undefined when absent. */
export function engineReader(
  config: KubeConfig,
  namespace: string,
): (name: string) => Promise<unknown> {
  const engines = new CustomObjectStore(
    config,
    { group: RESULT_GROUP, version: RESULT_VERSION, plural: 'chaosengines', namespace },
    'result-init',
  );
  return (name) => engines.read(name);
}

/** What the run takes from its own pod. */
export interface PodFacts {
  readonly labels: Record<string, string>;
  /** What the kubelet waits between SIGTERM and SIGKILL (ADR 0150); undefined if unset. */
  readonly terminationGracePeriodSeconds: number | undefined;
}

/**
 * The experiment pod, read once: its labels (the ChaosResult carries them, as Litmus's
 * does, so tools that select results by the runner's labels find ours) and its grace
 * period. A missing pod is an error: POD_NAME comes from the downward API and must name
 * this very pod.
 */
export async function podFacts(
  config: KubeConfig,
  namespace: string,
  name: string,
): Promise<PodFacts> {
  const api = config.makeApiClient(CoreV1Api);
  try {
    const pod = await api.readNamespacedPod({ name, namespace });
    return {
      labels: { ...(pod.metadata?.labels ?? {}) },
      terminationGracePeriodSeconds: pod.spec?.terminationGracePeriodSeconds,
    };
  } catch (error) {
    throw apiFailure(error, {
      verb: 'get',
      resource: 'pods',
      namespace,
      name,
      phase: 'result-init',
    });
  }
}
