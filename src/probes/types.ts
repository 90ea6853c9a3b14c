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
  readonly initialDelayMs: number;
  readonly stopOnFailure: boolean;
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
