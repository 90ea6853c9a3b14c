// Builds charts/ecs-http-chaos/values.schema.json. The env part comes from ENV_RULES (the
// run's own grammars); the rest describes the chart's other values. `make generate` writes
// it; test/integration/ship/chart.test.ts ("generated files") fails when the checked-in file differs.
import { ROLE_ARN, ROLE_ARN_MAX } from '../../../src/config/patterns.js';
import { tunableTable } from '../../../src/config/tunables.js';
import { BOOLEAN_SPELLINGS, ENV_RULES, inner, type EnvRule } from './env-rules.js';
import { rangePattern } from './range-pattern.js';

type Schema = Readonly<Record<string, unknown>>;

const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
const bool = (): Schema => ({ type: 'boolean' });
/** An object with exactly these properties, all required but the `optional` ones. */
const obj = (properties: Record<string, Schema>, optional: readonly string[] = []): Schema => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties).filter((key) => !optional.includes(key)),
  properties,
});
const stringMap = (): Schema => ({ type: 'object', additionalProperties: { type: 'string' } });
const anchored = (body: string): string => `^(?:${body})$`;

/** Empty means "not set" (Litmus): the run applies its default. */
function envProperty(rule: EnvRule, description: string): Schema {
  switch (rule.kind) {
    case 'integer':
      return {
        description,
        anyOf: [
          { type: 'integer', minimum: rule.min, maximum: rule.max },
          str({ pattern: anchored(`|${rangePattern(rule.min, rule.max)}`) }),
        ],
      };
    case 'boolean':
      return { description, anyOf: [bool(), str({ enum: ['', ...BOOLEAN_SPELLINGS] })] };
    case 'choice':
      return str({ description, enum: ['', ...rule.choices] });
    case 'pattern':
      return str({
        description,
        pattern: anchored(`|${rule.pattern}`),
        ...(rule.maxLength === undefined ? {} : { maxLength: rule.maxLength }),
      });
  }
}

function envSchema(): Schema {
  const descriptions = new Map(tunableTable().map((row) => [row.name, row.description]));
  const properties = Object.fromEntries(
    Object.entries(ENV_RULES).map(([name, rule]) => [
      name,
      envProperty(rule, descriptions.get(name as never) ?? ''),
    ]),
  );
  return {
    type: 'object',
    additionalProperties: false,
    properties,
  };
}

/** Kubernetes EnvVar objects; a tunable's name belongs under env, never here. */
function extraEnvSchema(): Schema {
  const reserved = tunableTable().map((row) => row.name);
  return {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: str({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', not: { enum: reserved } }),
        value: str(),
        valueFrom: { type: 'object' },
      },
    },
  };
}

const KUBERNETES_NAME = anchored(
  '[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*',
);
const DNS_LABEL_52 = anchored('[a-z0-9](?:[-a-z0-9]{0,50}[a-z0-9])?');
const REPOSITORY = anchored(
  '(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*',
);

function jobSchema(): Schema {
  // Helm drops keys set to null, so "no limit" is a missing key: these two are optional.
  return obj(
    {
      enabled: bool(),
      // The Job name; the ConfigMap of probes adds "-probes", the pod ~11 characters.
      name: str({ pattern: DNS_LABEL_52 }),
      terminationGracePeriodSeconds: {
        type: 'integer',
        minimum: 30,
        maximum: 86_400,
        description: 'time for the revert after SIGTERM; at least 30 s',
      },
      activeDeadlineSeconds: { type: 'integer', minimum: 1, maximum: 31_536_000 },
      ttlSecondsAfterFinished: { type: 'integer', minimum: 0, maximum: 31_536_000 },
      resources: { type: 'object' },
      nodeSelector: stringMap(),
      tolerations: { type: 'array', items: { type: 'object' } },
      podAnnotations: stringMap(),
      probes: { type: 'array', items: { type: 'object', required: ['name', 'type', 'mode'] } },
    },
    ['activeDeadlineSeconds', 'ttlSecondsAfterFinished'],
  );
}

export function valuesSchema(): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'ecs-http-chaos chart values',
    ...obj({
      image: obj({
        repository: str({ pattern: REPOSITORY, maxLength: 200 }),
        tag: str({ pattern: anchored('|[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}') }),
        digest: str({ pattern: anchored('|sha256:[0-9a-f]{64}') }),
        pullPolicy: str({ enum: ['Always', 'IfNotPresent', 'Never'] }),
      }),
      serviceAccount: obj({
        create: bool(),
        name: str({ pattern: KUBERNETES_NAME, maxLength: 253 }),
        roleArn: str({ pattern: anchored(`|${inner(ROLE_ARN)}`), maxLength: ROLE_ARN_MAX }),
        annotations: stringMap(),
      }),
      rbac: obj({ create: bool() }),
      // cmdProbe source pods (docs/decisions/0160): the Role's pod rules only when asked.
      probes: obj({ source: obj({ enabled: bool() }) }),
      experiment: obj({ create: bool() }),
      helmLabels: bool(),
      env: envSchema(),
      extraEnv: extraEnvSchema(),
      job: jobSchema(),
    }),
  };
}
