// The chart's rule for each tunable in its `env` values, built from the same grammars the
// run validates with (src/config/patterns.ts). values.schema.json is generated from this
// table; test/integration/ship/schema.test.ts proves with real helm and the real config
// loader that both refuse the same values (docs/decisions/0101).
import {
  CLUSTER_ARN,
  DNS_LABEL,
  DNS_SUBDOMAIN,
  DNS_SUBDOMAIN_MAX,
  ECS_NAME,
  IMAGE_REFERENCE,
  IMAGE_REFERENCE_MAX,
  REGION,
  ROLE_ARN,
  ROLE_ARN_MAX,
  SERVICE_ARN,
  TASK_ARN,
  TASK_ID,
} from '../../../src/config/patterns.js';

export type EnvRule =
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'choice'; readonly choices: readonly string[] }
  | { readonly kind: 'pattern'; readonly pattern: string; readonly maxLength?: number };

/** The body of an anchored RegExp of patterns.ts, for use inside a larger pattern. */
export function inner(anchored: RegExp): string {
  const source = anchored.source;
  if (!source.startsWith('^') || !source.endsWith('$')) {
    throw new Error(`expected an anchored pattern, got /${source}/`);
  }
  return source.slice(1, -1);
}

const either = (...patterns: RegExp[]): string =>
  patterns.map((pattern) => `(?:${inner(pattern)})`).join('|');

const integer = (min: number, max: number): EnvRule => ({ kind: 'integer', min, max });
const BOOLEAN: EnvRule = { kind: 'boolean' };
const choice = (...choices: string[]): EnvRule => ({ kind: 'choice', choices });
const pattern = (source: string, maxLength?: number): EnvRule =>
  maxLength === undefined
    ? { kind: 'pattern', pattern: source }
    : { kind: 'pattern', pattern: source, maxLength };

const TASK_REF = `\\s*(?:${either(TASK_ID, TASK_ARN)})\\s*`;
/** Linux interface names (1-15 of A-Za-z0-9_.-), except "." and "..". */
const INTERFACE_NAME =
  '[A-Za-z0-9_-][A-Za-z0-9_.-]{0,14}|\\.[A-Za-z0-9_-][A-Za-z0-9_.-]{0,13}|\\.\\.[A-Za-z0-9_.-]{1,13}';

export const ENV_RULES: Readonly<Record<string, EnvRule>> = {
  CLUSTER_NAME: pattern(either(ECS_NAME, CLUSTER_ARN)),
  REGION: pattern(inner(REGION)),
  SERVICE_NAME: pattern(either(ECS_NAME, SERVICE_ARN)),
  // RE2 caps nested repeat counts at 1000, so the list's bound of 100 items is the run's.
  TASK_REPLICA_ID: pattern(`${TASK_REF}(?:,${TASK_REF})*`),
  TASK_REPLICA_AFFECTED_PERC: integer(0, 100),
  TARGET_CONTAINER: pattern(inner(ECS_NAME)),
  TARGET_SERVICE_PORT: integer(1, 65535),
  PROXY_PORT: integer(1, 65535),
  RESET_TIMEOUT: integer(0, 86_400_000),
  TOXICITY: integer(0, 100),
  NETWORK_INTERFACE: pattern(`auto|${INTERFACE_NAME}`),
  TOTAL_CHAOS_DURATION: integer(5, 86_400),
  RAMP_TIME: integer(0, 3600),
  SEQUENCE: choice('parallel', 'serial'),
  INSTALL_DEPENDENCIES: BOOLEAN,
  LIB_IMAGE: pattern(inner(IMAGE_REFERENCE), IMAGE_REFERENCE_MAX),
  PROXY_DRAIN_SECONDS: integer(0, 60),
  REAPER_GRACE_SECONDS: integer(0, 3600),
  SSM_COMMAND_MAX_BYTES: integer(8192, 65536),
  WATCH_INTERVAL_SECONDS: integer(2, 300),
  SSM_CALLS_PER_SECOND: integer(1, 50),
  ASSUME_ROLE_ARN: pattern(inner(ROLE_ARN), ROLE_ARN_MAX),
  // The chart mounts it as a Kubernetes Secret, so it must be a Secret's name: stricter
  // than the run, which also accepts Harness secret identifiers.
  AWS_AUTHENTICATION_SECRET: pattern(inner(DNS_SUBDOMAIN), DNS_SUBDOMAIN_MAX),
  INSTANCE_ID: pattern(inner(DNS_LABEL)),
  DEFAULT_HEALTH_CHECK: BOOLEAN,
  STATUS_CHECK_DELAY: integer(1, 300),
  STATUS_CHECK_TIMEOUT: integer(1, 86_400),
  LOG_FORMAT: choice('text', 'json'),
  LOG_LEVEL: choice('error', 'warn', 'info', 'debug'),
};

/** Go's strconv.ParseBool spellings, which the run accepts (src/config/validators.ts). */
export const BOOLEAN_SPELLINGS = [
  '1',
  't',
  'T',
  'true',
  'TRUE',
  'True',
  '0',
  'f',
  'F',
  'false',
  'FALSE',
  'False',
];
