/**
 * Error codes as the Litmus ecosystem reads them (docs/reference/litmus.md). A code ending in
 * `_PROBE_FAILURE` means the system under test misbehaved; every other code means the
 * experiment could not do its job.
 */
export const ERROR_CODES = [
  'CONFIG_INVALID',
  'CREDENTIALS_ERROR',
  'PREFLIGHT_ERROR',
  'TARGET_SELECTION_ERROR',
  'STATUS_CHECKS_ERROR',
  'CHAOS_INJECT_ERROR',
  'CHAOS_REVERT_ERROR',
  // The fault did not hold through its window, or nobody could see it hold (ADR 0140).
  'FAULT_STOPPED_EARLY',
  'FAULT_HOLD_UNKNOWN',
  'CHAOS_RESULT_CRUD_ERROR',
  'EXPERIMENT_ABORTED',
  'PROXY_ERROR',
  'TIMEOUT',
  'HTTP_PROBE_FAILURE',
  'HTTP_PROBE_ERROR',
  'CMD_PROBE_FAILURE',
  'CMD_PROBE_ERROR',
  'K8S_PROBE_FAILURE',
  'K8S_PROBE_ERROR',
  'PROM_PROBE_FAILURE',
  'PROM_PROBE_ERROR',
  'INTERNAL_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Named phases: the skeleton of every subcommand; each log line and error carries one. */
export const PHASES = [
  // run (the executor), in order
  'config',
  'result-init',
  'credentials',
  'preflight',
  'select',
  'pre-chaos',
  'ramp',
  'inject',
  'chaos',
  'revert',
  'post-chaos',
  'result',
  'abort',
  // proxy and cleanup (on the host, inside the target's network namespace)
  'proxy-config',
  'proxy-install',
  'proxy-serve',
  'proxy-drain',
  'proxy-remove',
  'cleanup',
] as const;

export type Phase = (typeof PHASES)[number];
