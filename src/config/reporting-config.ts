import { customCleanEnv } from 'envalid';
import type { Random } from '../core/clock.js';
import { deriveChaosId } from './chaos-id.js';
import type { Environment } from '../core/context.js';
import { rawValues } from './load-config.js';
import { resultName } from './result-name.js';
import type { ReportingConfig } from './run-config.js';
import { SPECS, type SpecName } from './spec.js';
import type { ConfigValues, RawValues } from './values.js';

/** Where the ChaosResult goes and who it belongs to: none of these may be guessed. */
const IDENTITY: readonly SpecName[] = [
  'CHAOSENGINE',
  'CHAOS_NAMESPACE',
  'CHAOS_UID',
  'EXPERIMENT_NAME',
  'INSTANCE_ID',
  'POD_NAME',
];
/** How to write it: an invalid one falls back to its default (the error names it anyway). */
const SETTINGS: readonly SpecName[] = [
  'CHAOS_RESULT_FILE',
  'PROBES_FILE',
  'STATUS_CHECK_DELAY',
  'STATUS_CHECK_TIMEOUT',
  'LOG_FORMAT',
  'LOG_LEVEL',
  'RESET_TIMEOUT',
  'LIB_IMAGE_PULL_POLICY',
];
const NAMES = [...IDENTITY, ...SETTINGS];
const RESULT_NAME_MAX = 253;

/**
 * After a configuration error (ADR 0153): the reporting side of the configuration, when the
 * run was started by Litmus (CHAOSENGINE set) and every identity variable is valid;
 * undefined otherwise, and then nothing is written anywhere.
 */
export function loadReportingConfig(env: Environment, random: Random): ReportingConfig | undefined {
  const raw: Record<string, string> = {};
  for (const [name, value] of Object.entries(rawValues(env))) {
    if (NAMES.includes(name as SpecName)) raw[name] = value;
  }
  const first = clean(raw);
  if (IDENTITY.some((name) => first.invalid.has(name))) return undefined;
  for (const name of first.invalid) Reflect.deleteProperty(raw, name);
  const { values } = clean(raw);
  const engine = values.CHAOSENGINE;
  if (engine === undefined) return undefined;
  if (resultName(engine, values.EXPERIMENT_NAME, values.INSTANCE_ID).length > RESULT_NAME_MAX) {
    return undefined;
  }
  return {
    chaosId: deriveChaosId(values.CHAOS_UID, random),
    litmus: {
      chaosEngine: engine,
      chaosNamespace: values.CHAOS_NAMESPACE,
      chaosUid: values.CHAOS_UID,
      experimentName: values.EXPERIMENT_NAME,
      instanceId: values.INSTANCE_ID,
      podName: values.POD_NAME,
      statusCheckDelaySeconds: values.STATUS_CHECK_DELAY,
      statusCheckTimeoutSeconds: values.STATUS_CHECK_TIMEOUT,
    },
    output: {
      probesFile: values.PROBES_FILE,
      chaosResultFile: values.CHAOS_RESULT_FILE,
      logFormat: values.LOG_FORMAT,
      logLevel: values.LOG_LEVEL,
    },
    fault: {
      resetTimeoutMs: values.RESET_TIMEOUT,
      libImagePullPolicy: values.LIB_IMAGE_PULL_POLICY,
    },
  };
}

/** The subset parsed with the same rules as the whole; which of them broke a rule. */
function clean(raw: RawValues): { values: ConfigValues; invalid: Set<string> } {
  const invalid = new Set<string>();
  const values = customCleanEnv(raw, SPECS, (cleaned) => cleaned, {
    reporter: ({ errors }) => {
      for (const name of Object.keys(errors)) invalid.add(name);
    },
  });
  // The variables outside the subset are absent here, so the required ones always "fail".
  for (const name of [...invalid]) if (!NAMES.includes(name as SpecName)) invalid.delete(name);
  return { values, invalid };
}
