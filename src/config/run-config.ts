import type { LogFormat, LogLevel } from '../log/logger.js';

export type Sequence = 'parallel' | 'serial';
export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/**
 * Which tasks are candidates (ADR 0051): explicit task IDs win over the service's
 * percentage; a service named beside them only guards that every task belongs to it.
 */
export type Selection =
  | { readonly kind: 'service'; readonly serviceName: string; readonly affectedPercent: number }
  | {
      readonly kind: 'tasks';
      readonly taskIds: readonly string[];
      readonly guardService: string | undefined;
    };

export interface TargetConfig {
  readonly region: string;
  /** As given (name or ARN): what the ECS API is called with. */
  readonly clusterRef: string;
  /** The bare name: what the host's metadata paths and docker labels carry. */
  readonly clusterName: string;
  readonly selection: Selection;
  readonly targetContainer: string | undefined;
}

export interface FaultConfig {
  readonly targetPort: number;
  readonly proxyPort: number;
  readonly resetTimeoutMs: number;
  readonly networkInterface: string;
  readonly toxicity: number;
  readonly durationSeconds: number;
  readonly sequence: Sequence;
  readonly rampSeconds: number;
  readonly installDependencies: boolean;
  readonly libImage: string;
  readonly libImagePullPolicy: PullPolicy;
  readonly drainSeconds: number;
  readonly reaperGraceSeconds: number;
  /** Status rounds of every proxy during the window (ADR 0140); paced up for many hosts. */
  readonly watchIntervalSeconds: number;
}

export interface CredentialsFile {
  readonly path: string;
  /** `explicit`: AWS_SHARED_CREDENTIALS_FILE; `secret`: Litmus's mount of the named secret. */
  readonly source: 'explicit' | 'secret';
}

export interface AwsConfig {
  readonly region: string;
  readonly assumeRoleArn: string | undefined;
  readonly authenticationSecret: string | undefined;
  /** Undefined: the SDK default chain (IRSA, Pod Identity, env, profiles) alone. */
  readonly credentialsFile: CredentialsFile | undefined;
  readonly maxCommandBytes: number;
  /** The run's own SSM pace per action (ADR 0192): AWS publishes no Run Command rate. */
  readonly ssmCallsPerSecond: number;
}

export interface LitmusConfig {
  readonly chaosEngine: string | undefined;
  readonly chaosNamespace: string;
  readonly chaosUid: string | undefined;
  readonly experimentName: string;
  readonly instanceId: string | undefined;
  readonly podName: string | undefined;
  readonly chaosServiceAccount: string | undefined;
  readonly defaultHealthCheck: boolean;
  readonly terminationGracePeriodSeconds: number;
  readonly statusCheckDelaySeconds: number;
  readonly statusCheckTimeoutSeconds: number;
}

export interface OutputConfig {
  readonly probesFile: string | undefined;
  readonly chaosResultFile: string;
  readonly logFormat: LogFormat;
  readonly logLevel: LogLevel;
}

/** Everything `run` needs, validated at once and frozen; built only by loadRunConfig. */
export interface RunConfig {
  /** [a-z0-9-], at most CHAOS_ID_BASE_MAX: names every artefact on the hosts (ADR 0003). */
  readonly chaosId: string;
  readonly target: TargetConfig;
  readonly fault: FaultConfig;
  readonly aws: AwsConfig;
  readonly litmus: LitmusConfig;
  readonly output: OutputConfig;
  /** Settings that are valid but ignored or overridden, for the log of the config phase. */
  readonly notices: readonly string[];
}

/**
 * What reporting needs: who the run reports as, where, and how it retries. A RunConfig is
 * one; after a configuration error under Litmus one is built from the identity variables
 * alone, so the error still lands in the ChaosResult (ADR 0153).
 */
export interface ReportingConfig {
  readonly chaosId: string;
  readonly litmus: Pick<
    LitmusConfig,
    | 'chaosEngine'
    | 'chaosNamespace'
    | 'chaosUid'
    | 'experimentName'
    | 'instanceId'
    | 'podName'
    | 'statusCheckDelaySeconds'
    | 'statusCheckTimeoutSeconds'
  >;
  readonly output: OutputConfig;
  readonly fault: Pick<FaultConfig, 'resetTimeoutMs' | 'libImagePullPolicy'>;
}
