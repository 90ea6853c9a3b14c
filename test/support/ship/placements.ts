// Where each variable of the config module (src/config/spec.ts) is set when the experiment
// ships. The config module owns names and defaults; this table only says which shipped
// artefact carries each one, so the consistency check knows what to expect where
// (docs/decisions/0103). A variable missing here fails the check.
import type { SpecName } from '../../../src/config/spec.js';

export type Placement =
  /** In the chart's `env` values, the ChaosExperiment's env and the Job's env. */
  | 'experiment'
  /** Set by the Litmus chaos runner on the experiment pod; the Job sets it from the pod. */
  | 'runner'
  /** Set by the chaos runner from the ChaosEngine; a run without an engine has none. */
  | 'engine'
  /** Set by the chart when AWS_AUTHENTICATION_SECRET names a secret to mount. */
  | 'secret'
  /** For runs without Kubernetes (PROBES_FILE: also the Job's `job.probes`). */
  | 'local';

export const PLACEMENTS: Readonly<Record<SpecName, Placement>> = {
  CLUSTER_NAME: 'experiment',
  REGION: 'experiment',
  SERVICE_NAME: 'experiment',
  TASK_REPLICA_ID: 'experiment',
  TASK_REPLICA_AFFECTED_PERC: 'experiment',
  RESET_TIMEOUT: 'experiment',
  TARGET_SERVICE_PORT: 'experiment',
  PROXY_PORT: 'experiment',
  NETWORK_INTERFACE: 'experiment',
  TOTAL_CHAOS_DURATION: 'experiment',
  INSTALL_DEPENDENCIES: 'experiment',
  SEQUENCE: 'experiment',
  RAMP_TIME: 'experiment',
  ASSUME_ROLE_ARN: 'experiment',
  AWS_AUTHENTICATION_SECRET: 'experiment',
  CHAOSENGINE: 'engine',
  CHAOS_NAMESPACE: 'runner',
  CHAOS_UID: 'engine',
  EXPERIMENT_NAME: 'runner',
  INSTANCE_ID: 'experiment',
  POD_NAME: 'runner',
  CHAOS_SERVICE_ACCOUNT: 'runner',
  DEFAULT_HEALTH_CHECK: 'experiment',
  TERMINATION_GRACE_PERIOD_SECONDS: 'runner',
  LIB_IMAGE: 'experiment',
  LIB_IMAGE_PULL_POLICY: 'engine',
  STATUS_CHECK_DELAY: 'experiment',
  STATUS_CHECK_TIMEOUT: 'experiment',
  TOXICITY: 'experiment',
  TARGET_CONTAINER: 'experiment',
  AWS_SHARED_CREDENTIALS_FILE: 'secret',
  PROBES_FILE: 'local',
  CHAOS_RESULT_FILE: 'local',
  LOG_FORMAT: 'experiment',
  LOG_LEVEL: 'experiment',
  PROXY_DRAIN_SECONDS: 'experiment',
  REAPER_GRACE_SECONDS: 'experiment',
  SSM_COMMAND_MAX_BYTES: 'experiment',
  WATCH_INTERVAL_SECONDS: 'experiment',
  SSM_CALLS_PER_SECOND: 'experiment',
};

/** How the README's "Set in" column names each placement (the check reads it back). */
export const PLACEMENT_WORDS: Readonly<Record<Placement, string>> = {
  experiment: 'chart `env`',
  runner: 'chaos runner; Job from the pod',
  engine: 'chaos runner, from the engine',
  secret: 'chart, with the secret',
  local: 'runs without Kubernetes',
};
