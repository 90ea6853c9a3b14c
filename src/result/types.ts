/**
 * The ChaosResult as the Litmus ecosystem reads it (docs/reference/litmus.md): plain data, the
 * same object whether it goes to the Kubernetes API or to CHAOS_RESULT_FILE.
 */

export const RESULT_API_VERSION = 'litmuschaos.io/v1alpha1';
export const RESULT_GROUP = 'litmuschaos.io';
export const RESULT_VERSION = 'v1alpha1';

export type ResultPhase =
  'Running' | 'Completed' | 'Completed_With_Probe_Failure' | 'Stopped' | 'Error';
export type ResultVerdict = 'Awaited' | 'Pass' | 'Fail' | 'Stopped' | 'Error';
export type ProbeVerdict = 'Passed' | 'Failed' | 'N/A' | 'Awaited';
export type ProbeType = 'httpProbe' | 'cmdProbe' | 'k8sProbe' | 'promProbe';
export type ProbeMode = 'SOT' | 'EOT' | 'Edge' | 'Continuous' | 'OnChaos';
export type TargetChaosStatus = 'targeted' | 'injected' | 'reverted';

export const PROBE_TYPES: readonly ProbeType[] = ['httpProbe', 'cmdProbe', 'k8sProbe', 'promProbe'];
export const PROBE_MODES: readonly ProbeMode[] = ['SOT', 'EOT', 'Edge', 'Continuous', 'OnChaos'];

/** What the ChaosResult needs to know about a probe before it ran. */
export interface ProbeDeclaration {
  readonly name: string;
  readonly type: ProbeType;
  readonly mode: ProbeMode;
}

export interface ProbeStatus extends ProbeDeclaration {
  readonly status: { readonly verdict: ProbeVerdict; readonly description: string };
}

export interface ErrorOutput {
  readonly errorCode: string;
  readonly reason: string;
}

export interface ExperimentStatus {
  readonly phase: ResultPhase;
  readonly verdict: ResultVerdict;
  /** "Awaited" or an integer "0".."100", always a string. */
  readonly probeSuccessPercentage: string;
  readonly errorOutput?: ErrorOutput;
}

export interface HistoryTarget {
  readonly name: string;
  readonly kind: string;
  readonly chaosStatus: TargetChaosStatus;
}

export interface History {
  readonly passedRuns: number;
  readonly failedRuns: number;
  readonly stoppedRuns: number;
  readonly targets: readonly HistoryTarget[];
}

/** How a target's proxy counters read at the end of the window (ADR 0061). */
export type TargetEffect = 'reset' | 'no-resets' | 'no-connections' | 'unknown';

/** Whether the fault held on a target through its whole window (ADR 0140). */
export type FaultHeld = 'yes' | 'stopped-early' | 'unknown';

export interface TargetEvidence {
  readonly name: string;
  readonly effect: TargetEffect;
  readonly faultHeld?: FaultHeld;
  /** When the fault stopped (ISO 8601), when the host could tell. */
  readonly stoppedAt?: string;
  /** Why it stopped early, or why nobody could see it hold. */
  readonly holdReason?: string;
  /** Undefined when the proxy's counters never came back (the host did not answer). */
  readonly connections?: number;
  readonly resets?: number;
  readonly passedThrough?: number;
  readonly upstreamErrors?: number;
  /** Destroy mechanism: connections open when the window opened, never touched. */
  readonly preExisting?: number;
  /** `destroy` (sock_diag, nothing in the data path) or `relay`, and why (ADR 0131). */
  readonly mechanism?: 'relay' | 'destroy';
  readonly mechanismWhy?: string;
}

export interface FaultEvidence {
  /** The worst effect over all targets: anything but `reset` raises a Warning event. */
  readonly effect: TargetEffect;
  /** The worst of the targets' faultHeld; absent when no target was watched. */
  readonly faultHeld?: FaultHeld;
  readonly resetTimeoutMs: number;
  readonly connections: number;
  readonly resets: number;
  readonly targets: readonly TargetEvidence[];
}

export interface ChaosResultStatus {
  readonly experimentStatus: ExperimentStatus;
  readonly probeStatuses: readonly ProbeStatus[];
  readonly history: History;
  /** Ours; the CRD keeps unknown status fields (x-kubernetes-preserve-unknown-fields). */
  readonly faultEvidence?: FaultEvidence;
}

export interface ObjectMeta {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly resourceVersion?: string;
  readonly uid?: string;
  readonly [key: string]: unknown;
}

export interface ChaosResultObject {
  readonly apiVersion: typeof RESULT_API_VERSION;
  readonly kind: 'ChaosResult';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly engine?: string;
    readonly experiment: string;
    readonly instance?: string;
  };
  readonly status: ChaosResultStatus;
}

export type EventType = 'Normal' | 'Warning';

/** A core/v1 Event, as created in CHAOS_NAMESPACE. */
export interface EventObject {
  readonly apiVersion: 'v1';
  readonly kind: 'Event';
  readonly metadata: ObjectMeta;
  readonly involvedObject: {
    readonly apiVersion: string;
    readonly kind: 'ChaosEngine' | 'ChaosResult';
    readonly name: string;
    readonly namespace: string;
    readonly uid?: string;
  };
  readonly reason: string;
  readonly message: string;
  readonly type: EventType;
  readonly count: number;
  readonly firstTimestamp: string;
  readonly lastTimestamp: string;
  readonly source: { readonly component: string };
}
