import type { Random } from '../core/clock.js';
import { deriveChaosId } from './chaos-id.js';
import type { CredentialsFile, RunConfig, Selection } from './run-config.js';
import { KUBERNETES_DEFAULT_GRACE_SECONDS, LITMUS_CREDENTIALS_FILE } from './spec.js';
import type { ConfigValues, RawValues } from './values.js';

/** Shapes validated values into the frozen RunConfig. */
export function buildRunConfig(values: ConfigValues, raw: RawValues, random: Random): RunConfig {
  const config: RunConfig = {
    chaosId: deriveChaosId(values.CHAOS_UID, random),
    target: {
      region: values.REGION,
      clusterRef: values.CLUSTER_NAME.ref,
      clusterName: values.CLUSTER_NAME.name,
      selection: selectionOf(values),
      targetContainer: values.TARGET_CONTAINER,
    },
    fault: {
      targetPort: values.TARGET_SERVICE_PORT,
      proxyPort: values.PROXY_PORT,
      resetTimeoutMs: values.RESET_TIMEOUT,
      networkInterface: values.NETWORK_INTERFACE,
      toxicity: values.TOXICITY,
      durationSeconds: values.TOTAL_CHAOS_DURATION,
      sequence: values.SEQUENCE,
      rampSeconds: values.RAMP_TIME,
      installDependencies: values.INSTALL_DEPENDENCIES,
      libImage: values.LIB_IMAGE,
      libImagePullPolicy: values.LIB_IMAGE_PULL_POLICY,
      drainSeconds: values.PROXY_DRAIN_SECONDS,
      reaperGraceSeconds: values.REAPER_GRACE_SECONDS,
      watchIntervalSeconds: values.WATCH_INTERVAL_SECONDS,
    },
    aws: {
      region: values.REGION,
      assumeRoleArn: values.ASSUME_ROLE_ARN,
      authenticationSecret: values.AWS_AUTHENTICATION_SECRET,
      credentialsFile: credentialsFileOf(values),
      maxCommandBytes: values.SSM_COMMAND_MAX_BYTES,
      ssmCallsPerSecond: values.SSM_CALLS_PER_SECOND,
    },
    litmus: {
      chaosEngine: values.CHAOSENGINE,
      chaosNamespace: values.CHAOS_NAMESPACE,
      chaosUid: values.CHAOS_UID,
      experimentName: values.EXPERIMENT_NAME,
      instanceId: values.INSTANCE_ID,
      podName: values.POD_NAME,
      chaosServiceAccount: values.CHAOS_SERVICE_ACCOUNT,
      defaultHealthCheck: values.DEFAULT_HEALTH_CHECK,
      terminationGracePeriodSeconds: graceSecondsOf(values.TERMINATION_GRACE_PERIOD_SECONDS),
      statusCheckDelaySeconds: values.STATUS_CHECK_DELAY,
      statusCheckTimeoutSeconds: values.STATUS_CHECK_TIMEOUT,
    },
    output: {
      probesFile: values.PROBES_FILE,
      chaosResultFile: values.CHAOS_RESULT_FILE,
      logFormat: values.LOG_FORMAT,
      logLevel: values.LOG_LEVEL,
    },
    notices: noticesOf(values, raw),
  };
  return deepFreeze(config);
}

/**
 * The chaos runner writes TERMINATION_GRACE_PERIOD_SECONDS=0 when the ChaosEngine gives no
 * terminationGracePeriodSeconds, and the pod then gets Kubernetes' default: 0 means unset
 * (ADR 0150). A zero budget could never prove a revert anyway.
 */
function graceSecondsOf(value: number): number {
  return value === 0 ? KUBERNETES_DEFAULT_GRACE_SECONDS : value;
}

/** ADR 0051: explicit tasks win; a service named beside them guards membership. */
function selectionOf(values: ConfigValues): Selection {
  const tasks = values.TASK_REPLICA_ID;
  if (tasks !== undefined) {
    return {
      kind: 'tasks',
      taskIds: tasks.map((task) => task.id),
      guardService: values.SERVICE_NAME?.name,
    };
  }
  // The cross-checks guarantee one of the two is set.
  const service = values.SERVICE_NAME?.name ?? '';
  return {
    kind: 'service',
    serviceName: service,
    affectedPercent: values.TASK_REPLICA_AFFECTED_PERC,
  };
}

/** ADR 0050: an explicit file wins; a named secret means Litmus's mount point. */
function credentialsFileOf(values: ConfigValues): CredentialsFile | undefined {
  if (values.AWS_SHARED_CREDENTIALS_FILE !== undefined) {
    return { path: values.AWS_SHARED_CREDENTIALS_FILE, source: 'explicit' };
  }
  if (values.AWS_AUTHENTICATION_SECRET !== undefined) {
    return { path: LITMUS_CREDENTIALS_FILE, source: 'secret' };
  }
  return undefined;
}

function noticesOf(values: ConfigValues, raw: RawValues): string[] {
  const notices: string[] = [];
  if (values.TASK_REPLICA_ID !== undefined && values.SERVICE_NAME !== undefined) {
    notices.push(
      `TASK_REPLICA_ID names the tasks; SERVICE_NAME=${values.SERVICE_NAME.name} only checks that they belong to that service`,
    );
  }
  if (values.TASK_REPLICA_ID !== undefined && raw.TASK_REPLICA_AFFECTED_PERC !== undefined) {
    notices.push(
      'TASK_REPLICA_AFFECTED_PERC is ignored: TASK_REPLICA_ID names every task to affect',
    );
  }
  if (
    values.AWS_SHARED_CREDENTIALS_FILE !== undefined &&
    values.AWS_AUTHENTICATION_SECRET !== undefined
  ) {
    notices.push(
      `AWS_SHARED_CREDENTIALS_FILE is used as set; AWS_AUTHENTICATION_SECRET=${values.AWS_AUTHENTICATION_SECRET} only names the mounted secret`,
    );
  }
  if (values.TERMINATION_GRACE_PERIOD_SECONDS === 0) {
    notices.push(
      `TERMINATION_GRACE_PERIOD_SECONDS=0 is what the chaos runner sets when the ChaosEngine gives none; the pod then has Kubernetes' default of ${KUBERNETES_DEFAULT_GRACE_SECONDS} s, so the revert after a signal is budgeted on the pod's own terminationGracePeriodSeconds, else ${KUBERNETES_DEFAULT_GRACE_SECONDS} s`,
    );
  }
  return notices;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
