import type { ReportingConfig } from '../config/run-config.js';
import type { Logger } from '../log/logger.js';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubernetesOptions, ProbeApi, ReportingSink } from './sink.js';
import { RESULT_GROUP, RESULT_VERSION, type ChaosResultObject } from '../result/types.js';
import { engineReader, podFacts, type PodFacts } from './cluster-reads.js';
import { describeLocation, loadKubeConfig, unreachable } from './connect.js';
import type { KubeLocation } from './locate.js';
import { CustomObjectStore } from './custom-store.js';
import { accessReviewer } from './access.js';
import { DynamicResources } from './dynamic.js';
import { engineStopper } from './engine-control.js';
import { ProbePods } from './probe-pods.js';
import { EventStore } from './event-store.js';

const REACH_TIMEOUT_MS = 5000;

/**
 * The Kubernetes sink for the credentials found, or undefined when the server does not
 * answer (then the file sink keeps the result, ADR 0063).
 */
export async function openKubernetes(
  config: ReportingConfig,
  location: KubeLocation,
  logger: Logger,
  options: KubernetesOptions = {},
): Promise<ReportingSink | undefined> {
  const kubeConfig = loadKubeConfig(location);
  const where = describeLocation(location, kubeConfig);
  const problem = await unreachable(kubeConfig, options.reachTimeoutMs ?? REACH_TIMEOUT_MS);
  if (problem !== undefined) {
    logger.warn(
      `Kubernetes API not reachable (${where}): ${problem}; reporting to the file instead`,
    );
    return undefined;
  }
  const namespace = config.litmus.chaosNamespace;
  const podName = config.litmus.podName;
  // One read of the pod serves its labels and its grace period.
  let pod: Promise<PodFacts> | undefined;
  const readPod = (): Promise<PodFacts> =>
    podName === undefined
      ? Promise.resolve({ labels: {}, terminationGracePeriodSeconds: undefined })
      : (pod ??= podFacts(kubeConfig, namespace, podName));
  return {
    kind: 'kubernetes',
    location: `${where}, namespace ${namespace}`,
    results: new CustomObjectStore<ChaosResultObject>(kubeConfig, {
      group: RESULT_GROUP,
      version: RESULT_VERSION,
      plural: 'chaosresults',
      namespace,
    }),
    events: new EventStore(kubeConfig, namespace),
    labels: async () => (await readPod()).labels,
    podGracePeriodSeconds: async () =>
      (await readPod().catch(() => undefined))?.terminationGracePeriodSeconds,
    readEngine: engineReader(kubeConfig, namespace),
    k8s: new DynamicResources(kubeConfig),
    probeApi: probeApi(kubeConfig, config, options),
  };
}

function probeApi(
  kubeConfig: KubeConfig,
  config: ReportingConfig,
  options: KubernetesOptions,
): ProbeApi {
  const { chaosNamespace: namespace, podName, chaosEngine } = config.litmus;
  const pods = new ProbePods(kubeConfig, namespace);
  const podLog = options.podLog;
  return {
    pods:
      podLog === undefined
        ? pods
        : {
            create: (pod, signal) => pods.create(pod, signal),
            read: (name, signal) => pods.read(name, signal),
            remove: (name, signal) => pods.remove(name, signal),
            log: podLog,
          },
    experimentPod: () =>
      podName === undefined
        ? Promise.resolve(undefined)
        : pods.read(podName, AbortSignal.timeout(REACH_TIMEOUT_MS)),
    stopEngine:
      chaosEngine === undefined ? undefined : engineStopper(kubeConfig, namespace, chaosEngine),
    review: accessReviewer(kubeConfig, namespace),
  };
}
