import type { AccessReview } from '../probes/access.js';
import type { K8sProbePort } from '../probes/k8s-check.js';
import type { ProbePodPort } from '../probes/source-check.js';
import type { EngineReader } from '../probes/source.js';
import type { ObjectStore, SinkKind } from '../result/stores.js';
import type { ChaosResultObject, EventObject } from '../result/types.js';

/** Everything that differs between reporting to the Kubernetes API and to a file. */
export interface ReportingSink {
  readonly kind: SinkKind;
  /** For people: the API server and namespace, or the files. */
  readonly location: string;
  readonly results: ObjectStore<ChaosResultObject>;
  readonly events: ObjectStore<EventObject>;
  readonly labels: () => Promise<Record<string, string>>;
  /** The pod's spec.terminationGracePeriodSeconds; undefined without a pod (ADR 0150). */
  readonly podGracePeriodSeconds: () => Promise<number | undefined>;
  /** Undefined without a Kubernetes API (probes then come from PROBES_FILE). */
  readonly readEngine: EngineReader | undefined;
  readonly k8s: K8sProbePort | undefined;
  /** Everything else probes do through the API (ADR 0160); undefined without one. */
  readonly probeApi: ProbeApi | undefined;
}

export interface ProbeApi {
  /** Pods of cmdProbes with `source`. */
  readonly pods: ProbePodPort;
  /** The experiment's own pod as JSON (undefined without POD_NAME), for probe pods. */
  readonly experimentPod: () => Promise<unknown>;
  /** Stops the ChaosEngine (engineState: stop); undefined without CHAOSENGINE. */
  readonly stopEngine: ((reason: string) => Promise<void>) | undefined;
  readonly review: AccessReview;
}

export interface KubernetesOptions {
  readonly serviceAccountDir?: string;
  /** How long the API server gets to answer before the file sink is used. */
  readonly reachTimeoutMs?: number;
  /**
   * Reads a probe pod's log instead of the API server. The server fetches logs from the
   * pod's kubelet: tests without a node play the kubelet's part here (ADR 0160).
   */
  readonly podLog?: ProbePodPort['log'];
}
