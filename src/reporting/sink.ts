import type { K8sProbePort } from '../probes/k8s-check.js';
import type { EngineReader } from '../probes/source.js';
import type { ObjectStore, SinkKind } from '../result/ports.js';
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
}

export interface KubernetesOptions {
  readonly serviceAccountDir?: string;
  /** How long the API server gets to answer before the file sink is used. */
  readonly reachTimeoutMs?: number;
}
