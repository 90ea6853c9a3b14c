import type { ProbeDeclaration } from '../result/types.js';
import type { Comparator } from './comparator.js';

export interface RunProperties {
  /** Per try: the request or command is cancelled after this. */
  readonly probeTimeoutMs: number;
  /** Pause between tries of one evaluation. */
  readonly intervalMs: number;
  /** Tries per evaluation (Litmus `attempt`, else `retry`, else 1). */
  readonly attempts: number;
  /** Pause between evaluations of a Continuous or OnChaos probe. */
  readonly pollingIntervalMs: number;
  /** `initialDelay` (3.x), else `initialDelaySeconds` (2.x): waited before the first try. */
  readonly initialDelayMs: number;
  readonly stopOnFailure: boolean;
  /**
   * Litmus `verbosity`: "info" logs the comparison of the first evaluation only; anything
   * else (and unset) logs every evaluation, as litmus-go's comparators do.
   */
  readonly verbosity: string | undefined;
  /** Checked as a duration like Litmus; it only means something to SLO probes (Harness). */
  readonly evaluationTimeoutMs: number | undefined;
}

export interface HttpProbeInputs {
  readonly url: string;
  readonly insecureSkipVerify: boolean;
  readonly method: 'GET' | 'POST';
  readonly contentType: string | undefined;
  readonly body: string | undefined;
  readonly bodyPath: string | undefined;
  /** The response status code compared as an int with `criteria` and `responseCode`. */
  readonly comparator: Comparator;
}

export interface CmdProbeInputs {
  readonly command: string;
  readonly comparator: Comparator;
  /** Undefined: inline, `sh -c` in the experiment pod. Else a pod of this image (ADR 0160). */
  readonly source: ProbeSource | undefined;
}

/** `cmdProbe/inputs.source`: the pod Litmus runs the command in (chaosengine CRD fields). */
export interface ProbeSource {
  readonly image: string;
  readonly imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never' | undefined;
  readonly hostNetwork: boolean;
  readonly privileged: boolean;
  /** Copy the experiment container's env and its credentials volume (Litmus inheritInputs). */
  readonly inheritInputs: boolean;
  /** core/v1 objects, passed to the pod as written (the API server validates them). */
  readonly env: readonly Readonly<Record<string, unknown>>[];
  readonly volumes: readonly Readonly<Record<string, unknown>>[];
  readonly volumeMounts: readonly Readonly<Record<string, unknown>>[];
  readonly tolerations: readonly Readonly<Record<string, unknown>>[];
  readonly imagePullSecrets: readonly Readonly<Record<string, unknown>>[];
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Litmus's keep-alive process for its exec; we run the command itself, so unused. */
  readonly ignored: readonly string[];
}

export type K8sOperation = 'present' | 'absent' | 'create' | 'delete';

export interface K8sResourceRef {
  readonly group: string;
  readonly version: string;
  /** Plural, lower-case: `pods`, `deployments`, `chaosresults`. */
  readonly resource: string;
  /** Empty: a cluster-scoped resource. */
  readonly namespace: string;
}

export interface K8sProbeInputs extends K8sResourceRef {
  readonly resourceNames: readonly string[];
  readonly fieldSelector: string;
  readonly labelSelector: string;
  readonly operation: K8sOperation;
  /** The manifest for `create`, already parsed. */
  readonly data: Readonly<Record<string, unknown>> | undefined;
}

export interface PromProbeInputs {
  readonly endpoint: string;
  readonly query: string | undefined;
  readonly queryPath: string | undefined;
  readonly comparator: Comparator;
}

interface ProbeBase extends ProbeDeclaration {
  readonly runProperties: RunProperties;
}

export type ProbeDefinition =
  | (ProbeBase & { readonly type: 'httpProbe'; readonly inputs: HttpProbeInputs })
  | (ProbeBase & { readonly type: 'cmdProbe'; readonly inputs: CmdProbeInputs })
  | (ProbeBase & { readonly type: 'k8sProbe'; readonly inputs: K8sProbeInputs })
  | (ProbeBase & { readonly type: 'promProbe'; readonly inputs: PromProbeInputs });

/** One evaluation's answer. A failure is the system under test misbehaving, never a bug. */
export interface CheckResult {
  readonly ok: boolean;
  readonly description: string;
}
