// values.schema.json through the real helm: bad values are refused before anything renders,
// each naming its value's path, and for every tunable the chart refuses exactly what the
// run's own rule refuses (src/config/spec.ts), on boundary and malformed samples alike.
import { describe, expect, it } from '@jest/globals';
import { SPECS, type SpecName } from '../../../src/config/spec.js';
import { BOOLEAN_SPELLINGS, ENV_RULES, type EnvRule } from '../../support/ship/env-rules.js';
import { helm, templateArgs } from '../../../sandbox/kube/helm.js';

type Sample = string | number | boolean;

/** Spellings every pattern-checked tunable must refuse (or accept, as the run does). */
const HOSTILE = ['has space', 'semi;colon', '$(reboot)', "quote'd", 'new\nline', 'x'.repeat(300)];

const SPECIFIC: Readonly<Record<string, readonly Sample[]>> = {
  CLUSTER_NAME: [
    'a'.repeat(255),
    'a'.repeat(256),
    'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
    'arn:aws:ecs:us-east-1:12345678901:cluster/prod',
    'arn:aws:ecs:us-east-1:123456789012:service/prod',
  ],
  REGION: ['us-gov-west-1', 'cn-northwest-1', 'US-EAST-1', 'us-east', 'useast1'],
  SERVICE_NAME: [
    'arn:aws:ecs:eu-west-1:123456789012:service/prod/checkout',
    'arn:aws:ecs:eu-west-1:123456789012:service/checkout',
    'check.out',
  ],
  TASK_REPLICA_ID: [
    '0123456789abcdef0123456789abcdef',
    '0123456789abcdef0123456789abcdef, fedcba9876543210fedcba9876543210',
    'arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef',
    '0123456789ABCDEF0123456789ABCDEF',
    '0123456789abcdef0123456789abcdef,',
    '12345678-1234-1234-1234-123456789012',
  ],
  TARGET_CONTAINER: ['app_1-x', 'a.b'],
  NETWORK_INTERFACE: ['eth0', 'ens5.100', '.', '..', '...', 'a'.repeat(15), 'a'.repeat(16)],
  LIB_IMAGE: [
    'registry.example.com:5000/team/ecs-http-chaos:0.1.0',
    'ecs-http-chaos@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    'Ecs-Http-Chaos:0.1.0',
    'ecs-http-chaos:',
  ],
  ASSUME_ROLE_ARN: [
    'arn:aws:iam::123456789012:role/path/to/chaos',
    'arn:aws-cn:iam::123456789012:role/chaos',
    'arn:aws:iam::123456789012:user/chaos',
    'arn:aws:iam::123456789012:role/',
  ],
  AWS_AUTHENTICATION_SECRET: ['cloud-secret', 'cloud.secret'],
  INSTANCE_ID: ['run-1', 'Run-1', '-run', 'a'.repeat(63), 'a'.repeat(64)],
};

function samples(name: string, rule: EnvRule): Sample[] {
  switch (rule.kind) {
    case 'integer': {
      const { min, max } = rule;
      return [min, max, String(min), String(max), max + 1, String(max + 1), String(min - 1)]
        .concat(['0' + String(max), '+1', '1e3', '1.5', 1.5, ' 5', 'abc'])
        .filter((sample) => sample !== '-1' || min > 0);
    }
    case 'boolean':
      return [...BOOLEAN_SPELLINGS, true, false, 'yes', 'on', 'TRUE ', '2'];
    case 'choice':
      return [...rule.choices, 'Parallel', 'random', ` ${rule.choices[0] ?? ''}`];
    case 'pattern':
      return [SPECS[name as SpecName].example ?? '', ...(SPECIFIC[name] ?? []), ...HOSTILE];
  }
}

/** The run's own per-variable rule (envalid's parser of src/config/spec.ts). */
function runAccepts(name: string, sample: Sample): boolean {
  const spec = SPECS[name as SpecName] as { _parse: (input: string) => unknown };
  try {
    spec._parse(String(sample));
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the chart is deliberately stricter than the run: it mounts AWS_AUTHENTICATION_SECRET
 * as a Kubernetes Secret, whose names are DNS subdomains; the run also accepts Harness
 * identifiers. And RE2 cannot bound TASK_REPLICA_ID's list at 100 items (the run does).
 */
function chartAccepts(name: string, sample: Sample): boolean {
  if (name === 'AWS_AUTHENTICATION_SECRET' && typeof sample === 'string') {
    return (
      sample.length <= 253 &&
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(sample)
    );
  }
  return runAccepts(name, sample);
}

/** The env paths helm's schema check refused, or none when it rendered (or failed later). */
function refusedPaths(stderr: string): string[] {
  if (!stderr.includes("values don't meet the specifications")) return [];
  return [...stderr.matchAll(/^\s*- at '\/env\/([A-Z_0-9]+)'/gm)].map((match) => match[1] ?? '');
}

describe('values.schema.json and the run agree on every tunable', () => {
  const table = Object.entries(ENV_RULES).map(([name, rule]) => ({
    name,
    samples: samples(name, rule),
  }));
  const rounds = Math.max(...table.map((row) => row.samples.length));

  it('refuses exactly what the run refuses, round after round of one sample per tunable', async () => {
    let refusals = 0;
    for (let round = 0; round < rounds; round++) {
      const picked = table
        .filter((row) => row.samples.length > round)
        .map((row) => ({ name: row.name, sample: row.samples[round] as Sample }));
      const setJson = Object.fromEntries(picked.map(({ name, sample }) => [`env.${name}`, sample]));
      const outcome = await helm(
        templateArgs({ setJson, showOnly: ['templates/serviceaccount.yaml'] }),
      );
      const expected = picked
        .filter(({ name, sample }) => !chartAccepts(name, sample))
        .map(({ name, sample }) => `${name}=${JSON.stringify(sample)}`)
        .sort();
      const refused = refusedPaths(outcome.stderr);
      const got = picked
        .filter(({ name }) => refused.includes(name))
        .map(({ name, sample }) => `${name}=${JSON.stringify(sample)}`)
        .sort();
      expect({ round, refused: got }).toEqual({ round, refused: expected });
      refusals += expected.length;
    }
    // The rounds are not vacuous: most samples are bad ones.
    expect(refusals).toBeGreaterThan(150);
  }, 120_000);

  it('the chart is stricter than the run only where documented', () => {
    expect(runAccepts('AWS_AUTHENTICATION_SECRET', 'Cloud_Secret')).toBe(true);
    expect(chartAccepts('AWS_AUTHENTICATION_SECRET', 'Cloud_Secret')).toBe(false);
  });

  it('accepts an empty value everywhere: Litmus reads it as "not set"', async () => {
    const setJson = Object.fromEntries(Object.keys(ENV_RULES).map((name) => [`env.${name}`, '']));
    const outcome = await helm(templateArgs({ setJson }));
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
  });
});

describe('values.schema.json refuses', () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      'a misspelled tunable',
      { 'env.TOTAL_CHAOS_DURATON': '60' },
      "additional properties 'TOTAL_CHAOS_DURATON'",
    ],
    ['an unknown top-level value', { imagee: {} }, "additional properties 'imagee'"],
    [
      'a tunable in extraEnv',
      { extraEnv: [{ name: 'PROXY_PORT', value: '1' }] },
      "at '/extraEnv/0/name'",
    ],
    [
      'an upper-case repository',
      { 'image.repository': 'Ecs-Http-Chaos' },
      "at '/image/repository'",
    ],
    ['a digest without its algorithm', { 'image.digest': '0123abcd' }, "at '/image/digest'"],
    ['an unknown pull policy', { 'image.pullPolicy': 'Sometimes' }, "at '/image/pullPolicy'"],
    [
      'a role ARN of a user',
      { 'serviceAccount.roleArn': 'arn:aws:iam::123456789012:user/x' },
      "at '/serviceAccount/roleArn'",
    ],
    [
      'a grace period too short to revert',
      { 'job.terminationGracePeriodSeconds': 10 },
      "at '/job/terminationGracePeriodSeconds'",
    ],
    ['a Job name too long for its pods', { 'job.name': 'a'.repeat(53) }, "at '/job/name'"],
    [
      'a probe without a mode',
      { 'job.probes': [{ name: 'p', type: 'httpProbe' }] },
      "at '/job/probes/0'",
    ],
  ])('%s, naming where', async (_label, setJson, where) => {
    const outcome = await helm(templateArgs({ setJson }));
    expect(outcome.code).not.toBe(0);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toContain("values don't meet the specifications");
    expect(outcome.stderr).toContain(where);
  });
});

describe('rules between values (templates/_validate.tpl) refuse', () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      'equal proxy and target ports',
      { 'env.PROXY_PORT': 8080, 'env.TARGET_SERVICE_PORT': '8080' },
      'PROXY_PORT="8080": must differ from TARGET_SERVICE_PORT (8080) (example: PROXY_PORT=20000)',
    ],
    [
      'a reset the window cannot reach',
      { 'env.RESET_TIMEOUT': 60000, 'env.TOTAL_CHAOS_DURATION': 60 },
      'RESET_TIMEOUT="60000": must be shorter than the window, TOTAL_CHAOS_DURATION=60 s (60000 ms), or no connection could ever be reset (example: RESET_TIMEOUT=30000)',
    ],
    [
      'a status delay beyond its timeout',
      { 'env.STATUS_CHECK_DELAY': 30, 'env.STATUS_CHECK_TIMEOUT': 20 },
      'STATUS_CHECK_DELAY="30": must not exceed STATUS_CHECK_TIMEOUT (20) (example: STATUS_CHECK_DELAY=2)',
    ],
    [
      'a standalone Job without a cluster',
      { 'job.enabled': true, 'env.REGION': 'us-east-1', 'env.SERVICE_NAME': 'checkout' },
      'CLUSTER_NAME="": required by the standalone Job (job.enabled): ECS cluster name or ARN (example: CLUSTER_NAME=my-cluster)',
    ],
    [
      'a standalone Job with nothing to target',
      { 'job.enabled': true, 'env.CLUSTER_NAME': 'prod', 'env.REGION': 'us-east-1' },
      'SERVICE_NAME="": the standalone Job (job.enabled) needs SERVICE_NAME or TASK_REPLICA_ID',
    ],
  ])('%s, in the run’s own words', async (_label, setJson, message) => {
    const outcome = await helm(templateArgs({ setJson }));
    expect(outcome.code).not.toBe(0);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toContain(message);
  });

  it('let the same values through when they fit together', async () => {
    const outcome = await helm(
      templateArgs({
        setJson: {
          'env.PROXY_PORT': 8081,
          'env.TARGET_SERVICE_PORT': '8080',
          'env.RESET_TIMEOUT': 59999,
          'env.TOTAL_CHAOS_DURATION': 60,
        },
      }),
    );
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
  });
});
