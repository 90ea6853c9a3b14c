import type { ConfigProblem } from './config-error.js';
import type { RawValues, ValidValues } from './values.js';
import { resultName } from './result-name.js';

/**
 * Rules that relate two or more variables. Each looks only at values that passed their
 * own rule, so one mistake yields one line, not a cascade.
 */
type CrossCheck = (valid: ValidValues, raw: RawValues) => ConfigProblem | undefined;

const somethingToTarget: CrossCheck = (_valid, raw) =>
  raw.SERVICE_NAME === undefined && raw.TASK_REPLICA_ID === undefined
    ? {
        variable: 'SERVICE_NAME',
        value: undefined,
        rule: 'set SERVICE_NAME or TASK_REPLICA_ID (at least one of them says what to target)',
        example: 'checkout',
      }
    : undefined;

const distinctPorts: CrossCheck = ({ PROXY_PORT, TARGET_SERVICE_PORT }, raw) =>
  PROXY_PORT !== undefined && PROXY_PORT === TARGET_SERVICE_PORT
    ? {
        variable: 'PROXY_PORT',
        value: raw.PROXY_PORT ?? String(PROXY_PORT),
        rule: `must differ from TARGET_SERVICE_PORT (${TARGET_SERVICE_PORT})`,
        example: TARGET_SERVICE_PORT === 20000 ? '20001' : '20000',
      }
    : undefined;

const resetWithinWindow: CrossCheck = ({ RESET_TIMEOUT, TOTAL_CHAOS_DURATION }, raw) => {
  if (RESET_TIMEOUT === undefined || TOTAL_CHAOS_DURATION === undefined) return undefined;
  const windowMs = TOTAL_CHAOS_DURATION * 1000;
  if (RESET_TIMEOUT < windowMs) return undefined;
  return {
    variable: 'RESET_TIMEOUT',
    value: raw.RESET_TIMEOUT ?? String(RESET_TIMEOUT),
    rule: `must be shorter than the window, TOTAL_CHAOS_DURATION=${TOTAL_CHAOS_DURATION} s (${windowMs} ms), or no connection could ever be reset`,
    example: String(Math.floor(windowMs / 2)),
  };
};

const clusterInRegion: CrossCheck = ({ CLUSTER_NAME, REGION }, raw) =>
  CLUSTER_NAME?.arnRegion !== undefined && REGION !== undefined && CLUSTER_NAME.arnRegion !== REGION
    ? {
        variable: 'CLUSTER_NAME',
        value: raw.CLUSTER_NAME,
        rule: `the ARN names region ${CLUSTER_NAME.arnRegion} but REGION is ${REGION}`,
        example: CLUSTER_NAME.name,
      }
    : undefined;

const serviceInCluster: CrossCheck = ({ SERVICE_NAME, CLUSTER_NAME, REGION }, raw) => {
  const mismatch = arnMismatch(SERVICE_NAME, CLUSTER_NAME?.name, REGION);
  return SERVICE_NAME === undefined || mismatch === undefined
    ? undefined
    : {
        variable: 'SERVICE_NAME',
        value: raw.SERVICE_NAME,
        rule: mismatch,
        example: SERVICE_NAME.name,
      };
};

const tasksInCluster: CrossCheck = ({ TASK_REPLICA_ID, CLUSTER_NAME, REGION }, raw) => {
  for (const task of TASK_REPLICA_ID ?? []) {
    const mismatch = arnMismatch(task, CLUSTER_NAME?.name, REGION);
    if (mismatch !== undefined) {
      return {
        variable: 'TASK_REPLICA_ID',
        value: raw.TASK_REPLICA_ID,
        rule: `task ${task.id}: ${mismatch}`,
        example: task.id,
      };
    }
  }
  return undefined;
};

function arnMismatch(
  ref:
    { readonly arnRegion: string | undefined; readonly arnCluster: string | undefined } | undefined,
  cluster: string | undefined,
  region: string | undefined,
): string | undefined {
  if (ref?.arnRegion !== undefined && region !== undefined && ref.arnRegion !== region) {
    return `the ARN names region ${ref.arnRegion} but REGION is ${region}`;
  }
  if (ref?.arnCluster !== undefined && cluster !== undefined && ref.arnCluster !== cluster) {
    return `the ARN names cluster ${ref.arnCluster} but CLUSTER_NAME is ${cluster}`;
  }
  return undefined;
}

const delayWithinTimeout: CrossCheck = ({ STATUS_CHECK_DELAY, STATUS_CHECK_TIMEOUT }, raw) =>
  STATUS_CHECK_DELAY !== undefined &&
  STATUS_CHECK_TIMEOUT !== undefined &&
  STATUS_CHECK_DELAY > STATUS_CHECK_TIMEOUT
    ? {
        variable: 'STATUS_CHECK_DELAY',
        value: raw.STATUS_CHECK_DELAY,
        rule: `must not exceed STATUS_CHECK_TIMEOUT (${STATUS_CHECK_TIMEOUT})`,
        example: '2',
      }
    : undefined;

/** The ChaosResult name must stay a valid object name, with or without CHAOSENGINE. */
const resultNameFits: CrossCheck = ({ CHAOSENGINE, EXPERIMENT_NAME, INSTANCE_ID }, raw) => {
  if (EXPERIMENT_NAME === undefined) return undefined;
  const name = resultName(CHAOSENGINE, EXPERIMENT_NAME, INSTANCE_ID);
  if (name.length <= 253) return undefined;
  const variable = CHAOSENGINE === undefined ? 'EXPERIMENT_NAME' : 'CHAOSENGINE';
  return {
    variable,
    value: raw[variable],
    rule: `with ${CHAOSENGINE === undefined ? '' : 'EXPERIMENT_NAME and '}INSTANCE_ID it makes a ChaosResult name of ${name.length} characters; at most 253`,
    example: variable === 'CHAOSENGINE' ? 'nginx-chaos' : 'ecs-container-http-reset-peer',
  };
};

export const CROSS_CHECKS: readonly CrossCheck[] = [
  somethingToTarget,
  distinctPorts,
  resetWithinWindow,
  clusterInRegion,
  serviceInCluster,
  tasksInCluster,
  delayWithinTimeout,
  resultNameFits,
];
