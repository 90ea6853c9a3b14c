import {
  CHAOS_ID,
  DOCKER_ID,
  ECS_NAME,
  INSTANCE_ID,
  TASK_ARN,
  isInterfaceName,
} from '../config/patterns.js';

/**
 * The field rules of docs/decisions/0002-host-contract.md, in field order. The host
 * script checks the same rules with `case` patterns; these run before anything is sent.
 */
export interface FieldRule {
  readonly name: string;
  readonly rule: string;
  readonly accepts: (text: string) => boolean;
}

/** ehc2: the pull policy joined the header (ADR 0158); an ehc1 script refuses it by name. */
export const PAYLOAD_FORMAT = 'ehc2';
export const NO_RUNTIME_ID = '-';

const DECIMAL = /^(?:0|[1-9][0-9]{0,15})$/;
const integer = (name: string, min: number, max: number): FieldRule => ({
  name,
  rule: `a whole number ${min}-${max}`,
  accepts: (text) => DECIMAL.test(text) && Number(text) >= min && Number(text) <= max,
});
const choice = (name: string, choices: readonly string[]): FieldRule => ({
  name,
  rule: choices.join(' | '),
  accepts: (text) => choices.includes(text),
});
const pattern = (name: string, regex: RegExp, rule: string): FieldRule => ({
  name,
  rule,
  accepts: (text) => regex.test(text),
});

/** ADR 0002's image rule: the alphabet of references, nothing a shell would interpret. */
const LIB_IMAGE = /^[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}$/;

export const HEADER_RULES: readonly FieldRule[] = [
  choice('format', [PAYLOAD_FORMAT]),
  choice('mode', ['inject', 'revert', 'status']),
  pattern('chaos id', CHAOS_ID, '[a-z0-9-]{1,64}'),
  pattern('lib image', LIB_IMAGE, '[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}'),
  choice('install dependencies', ['true', 'false']),
  choice('pull policy', ['Always', 'IfNotPresent', 'Never']),
  integer('drain seconds', 0, 60),
  integer('grace seconds', 0, 3600),
];

export const TARGET_RULES: readonly FieldRule[] = [
  pattern('instance id', INSTANCE_ID, 'i-[0-9a-f]{8,17} or mi-[0-9a-f]{17}'),
  pattern('cluster name', ECS_NAME, '[A-Za-z0-9_-]{1,255}'),
  pattern('task ARN', TASK_ARN, 'arn:aws…:ecs:<region>:<account>:task/<cluster>/<id>'),
  pattern('container name', ECS_NAME, '[A-Za-z0-9_-]{1,255}'),
  {
    name: 'docker runtime id',
    rule: '[0-9a-f]{64} or -',
    accepts: (text) => text === NO_RUNTIME_ID || DOCKER_ID.test(text),
  },
  choice('network mode', ['bridge', 'awsvpc']),
  integer('target port', 1, 65535),
  integer('proxy port', 1, 65535),
  integer('reset timeout ms', 0, 86_400_000),
  {
    name: 'interface',
    rule: 'auto or [A-Za-z0-9_.-]{1,15}',
    accepts: (text) => text === 'auto' || isInterfaceName(text),
  },
  integer('toxicity', 0, 100),
  pattern('deadline', /^[1-9][0-9]{12}$/, 'UTC epoch milliseconds, 13 digits, no leading 0'),
];

/** Index of each target field, for the rules that relate two of them. */
export const FIELD = {
  clusterName: 1,
  taskArn: 2,
  targetPort: 6,
  proxyPort: 7,
} as const;

/** The first rule a row of fields breaks, or undefined. */
export function brokenRule(
  fields: readonly string[],
  rules: readonly FieldRule[],
): { readonly rule: FieldRule; readonly value: string } | undefined {
  if (fields.length !== rules.length) {
    const rule = {
      name: 'field count',
      rule: `exactly ${rules.length} fields`,
      accepts: () => false,
    };
    return { rule, value: String(fields.length) };
  }
  for (const [index, rule] of rules.entries()) {
    const value = fields[index] ?? '';
    if (!rule.accepts(value)) return { rule, value };
  }
  return undefined;
}

/** ADR 0002: proxy port ≠ target port; and the task ARN's cluster is the cluster field. */
export function brokenRelation(fields: readonly string[]): string | undefined {
  if (fields[FIELD.proxyPort] === fields[FIELD.targetPort]) return 'proxy port equals target port';
  const arnCluster = TASK_ARN.exec(fields[FIELD.taskArn] ?? '')?.[4];
  if (arnCluster !== fields[FIELD.clusterName]) return 'task ARN names another cluster';
  return undefined;
}
