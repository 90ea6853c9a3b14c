import {
  DNS_LABEL,
  ECS_NAME,
  KUBERNETES_UID,
  REGION,
  SECRET_NAME,
  isPlainPath,
} from './patterns.js';
import {
  boolean,
  clusterRef,
  imageReference,
  integer,
  kubernetesName,
  matching,
  networkInterface,
  oneOf,
  roleArn,
  serviceRef,
  taskRefs,
} from './validators.js';

/**
 * The published image, fully qualified: package.json's config.image and version (a test
 * checks; docs/decisions/0171). `make image` tags the default build with it too.
 */
export const DEFAULT_LIB_IMAGE = 'ghcr.io/ecs-http-chaos/ecs-http-chaos:0.1.0';
export const DEFAULT_EXPERIMENT_NAME = 'ecs-container-http-reset-peer';
/** Where Litmus AWS charts mount the `cloud-secret` credentials file (ADR 0050). */
export const LITMUS_CREDENTIALS_FILE = '/tmp/cloud_config.yml';
/** What a pod gets without terminationGracePeriodSeconds; also ours for "0" (ADR 0150). */
export const KUBERNETES_DEFAULT_GRACE_SECONDS = 30;

const path = matching(isPlainPath, 'must be a file path without control characters');
const ecsName = matching(
  (input) => ECS_NAME.test(input),
  'must be an ECS container name (1-255 letters, digits, _ or -)',
);

/** The seed's tunables (docs/reference/tunables.md §1) with the seed's defaults. */
const SEED = {
  CLUSTER_NAME: clusterRef({ desc: 'ECS cluster name or ARN', example: 'my-cluster' }),
  REGION: matching(
    (input) => REGION.test(input),
    'must be an AWS region code such as us-east-1',
  )({ desc: 'AWS region of the cluster', example: 'us-east-1' }),
  SERVICE_NAME: serviceRef({ default: undefined, desc: 'ECS service', example: 'checkout' }),
  TASK_REPLICA_ID: taskRefs({
    default: undefined,
    desc: 'task ID(s) or ARN(s), comma separated',
    example: '0123456789abcdef0123456789abcdef',
  }),
  // 0 is one task, as Litmus counts: max(1, floor(perc × n / 100)).
  TASK_REPLICA_AFFECTED_PERC: integer(
    0,
    100,
  )({ default: 100, desc: '% of tasks (0 = one task)', example: '50' }),
  RESET_TIMEOUT: integer(
    0,
    86_400_000,
  )({
    default: 10000,
    desc: 'ms from connect to RST',
    example: '2000',
  }),
  TARGET_SERVICE_PORT: integer(1, 65535)({ default: 80, desc: 'container port', example: '8080' }),
  PROXY_PORT: integer(1, 65535)({ default: 20000, desc: 'proxy port', example: '20000' }),
  NETWORK_INTERFACE: networkInterface({ default: 'auto', desc: 'interface', example: 'eth0' }),
  // At least 5 s: a host refuses to start a proxy whose window ends in under 3 s (ADR 0071),
  // and delivery through SSM plus `docker run` takes 1–2 s, so a shorter window never injects.
  TOTAL_CHAOS_DURATION: integer(5, 86_400)({ default: 60, desc: 'seconds', example: '60' }),
  INSTALL_DEPENDENCIES: boolean({
    default: true,
    desc: 'hosts may pull LIB_IMAGE',
    example: 'true',
  }),
  SEQUENCE: oneOf(['parallel', 'serial'] as const)({
    default: 'parallel',
    desc: 'order of tasks',
    example: 'serial',
  }),
  RAMP_TIME: integer(0, 3600)({ default: 0, desc: 'seconds before and after', example: '30' }),
  ASSUME_ROLE_ARN: roleArn({
    default: undefined,
    desc: 'role assumed on top of the base credentials',
    example: 'arn:aws:iam::123456789012:role/chaos',
  }),
  AWS_AUTHENTICATION_SECRET: matching(
    (input) => SECRET_NAME.test(input),
    'must be a secret name (letters, digits, _ . $ -, at most 253)',
  )({ default: undefined, desc: 'secret with an AWS credentials file', example: 'cloud-secret' }),
} as const;

/** Set by the Litmus chaos runner on the experiment pod (docs/reference/litmus.md). */
const LITMUS = {
  CHAOSENGINE: kubernetesName({ default: undefined, desc: 'ChaosEngine', example: 'nginx-chaos' }),
  CHAOS_NAMESPACE: matching(
    (input) => DNS_LABEL.test(input),
    'must be a Kubernetes namespace name (lower-case letters, digits and -, at most 63)',
  )({ default: 'litmus', desc: 'namespace of the engine and result', example: 'litmus' }),
  CHAOS_UID: matching(
    (input) => KUBERNETES_UID.test(input),
    'must be a Kubernetes UID (letters, digits and -, at most 63)',
  )({
    default: undefined,
    desc: 'ChaosEngine UID',
    example: '1b4e28ba-2fa1-11d2-883f-0016d3cca427',
  }),
  EXPERIMENT_NAME: kubernetesName({
    default: DEFAULT_EXPERIMENT_NAME,
    desc: 'experiment name',
    example: DEFAULT_EXPERIMENT_NAME,
  }),
  INSTANCE_ID: matching(
    (input) => DNS_LABEL.test(input),
    'must be lower-case letters, digits and -, at most 63',
  )({ default: undefined, desc: 'ChaosResult name suffix', example: 'run-1' }),
  POD_NAME: kubernetesName({ default: undefined, desc: 'experiment pod', example: 'exp-abc12' }),
  CHAOS_SERVICE_ACCOUNT: kubernetesName({
    default: undefined,
    desc: 'service account',
    example: 'litmus-admin',
  }),
  DEFAULT_HEALTH_CHECK: boolean({ default: false, desc: 'steady-state check', example: 'true' }),
  TERMINATION_GRACE_PERIOD_SECONDS: integer(
    0,
    86_400,
  )({
    default: KUBERNETES_DEFAULT_GRACE_SECONDS,
    desc: "budget for revert after SIGTERM (0 = unset; the pod's own value wins)",
    example: '120',
  }),
  LIB_IMAGE: imageReference({
    default: DEFAULT_LIB_IMAGE,
    desc: 'image the host runs the proxy from',
    example: '123456789012.dkr.ecr.us-east-1.amazonaws.com/ecs-http-chaos:0.1.0',
  }),
  LIB_IMAGE_PULL_POLICY: oneOf(['Always', 'IfNotPresent', 'Never'] as const)({
    default: 'Always',
    desc: 'when hosts pull LIB_IMAGE',
    example: 'IfNotPresent',
  }),
  STATUS_CHECK_DELAY: integer(1, 300)({ default: 2, desc: 'poll delay, s', example: '2' }),
  STATUS_CHECK_TIMEOUT: integer(
    1,
    86_400,
  )({ default: 180, desc: 'poll budget, s', example: '180' }),
} as const;

/** Ours: Litmus HTTP faults' TOXICITY, and what the executor itself needs. */
const EXECUTOR = {
  TOXICITY: integer(0, 100)({ default: 100, desc: '% of connections reset', example: '50' }),
  TARGET_CONTAINER: ecsName({ default: undefined, desc: 'container name', example: 'app' }),
  AWS_SHARED_CREDENTIALS_FILE: path({
    default: undefined,
    desc: 'AWS credentials file',
    example: LITMUS_CREDENTIALS_FILE,
  }),
  PROBES_FILE: path({
    default: undefined,
    desc: 'probes without a ChaosEngine',
    example: './probes.yaml',
  }),
  CHAOS_RESULT_FILE: path({
    default: './chaosresult.json',
    desc: 'ChaosResult sink without a Kubernetes API',
    example: '/tmp/chaosresult.json',
  }),
  LOG_FORMAT: oneOf(['text', 'json'] as const)({
    default: 'text',
    desc: 'log lines',
    example: 'json',
  }),
  LOG_LEVEL: oneOf(['error', 'warn', 'info', 'debug'] as const)({
    default: 'info',
    desc: 'log level',
    example: 'debug',
  }),
  PROXY_DRAIN_SECONDS: integer(0, 60)({ default: 5, desc: 'drain at window end', example: '5' }),
  REAPER_GRACE_SECONDS: integer(
    0,
    3600,
  )({
    default: 120,
    desc: 'reaper runs revert at deadline + grace',
    example: '120',
  }),
  SSM_COMMAND_MAX_BYTES: integer(
    8192,
    65536,
  )({
    default: 32768,
    desc: 'size budget of one SSM command text',
    example: '32768',
  }),
  SSM_CALLS_PER_SECOND: integer(
    1,
    50,
  )({
    default: 4,
    desc: 'SSM calls per second per action the run keeps to (AWS publishes no Run Command rate)',
    example: '4',
  }),
  WATCH_INTERVAL_SECONDS: integer(
    2,
    300,
  )({
    default: 10,
    desc: 'seconds between status rounds of every proxy in the window',
    example: '10',
  }),
} as const;

export const SPECS = { ...SEED, ...LITMUS, ...EXECUTOR } as const;
export type SpecName = keyof typeof SPECS;
export const SEED_NAMES = Object.keys(SEED) as readonly SpecName[];
export const LITMUS_NAMES = Object.keys(LITMUS) as readonly SpecName[];
