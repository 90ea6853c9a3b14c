// The host script's `case` patterns against the executor's own field rules (ADR 0002):
// for edge values of every field, the script accepts exactly what payload-fields.ts
// accepts, and rejects the rest before doing anything (exit 2, one JSON error line the
// executor's parser reads). An accepted status command goes on to look for docker, here
// pointed at a socket that does not exist: exit 1, step docker, nothing touched.
import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  HEADER_RULES,
  TARGET_RULES,
  brokenRelation,
  brokenRule,
} from '../../../src/host/payload-fields.js';
import { parseHostOutput } from '../../../src/host/payload-output.js';

const SCRIPT = readFileSync(join(resolve('.'), 'src/host/host.sh'), 'utf8');
const INSTANCE = 'i-0123456789abcdef0';
const ARN = 'arn:aws:ecs:us-east-1:123456789012:task/shop/0123456789abcdef0123456789abcdef';
const HEADER = ['ehc1', 'status', 'exp-1', 'ecs-http-chaos:dev', 'false', '5', '120'];
const TARGET = [
  INSTANCE,
  'shop',
  ARN,
  'web',
  '-',
  'bridge',
  '8080',
  '20000',
  '1000',
  'auto',
  '100',
  '1767225600000',
];

interface Outcome {
  readonly code: number;
  readonly stdout: string;
}

function runScript(payloadBase64: string, env: Record<string, string> = {}): Promise<Outcome> {
  const text = `P='${payloadBase64}'\n${SCRIPT}`;
  return new Promise((done) => {
    execFile(
      'sh',
      ['-c', text],
      {
        env: {
          PATH: process.env['PATH'] ?? '/usr/bin:/bin',
          AWS_SSM_INSTANCE_ID: INSTANCE,
          DOCKER_HOST: 'unix:///nonexistent/ehc-unit.sock',
          ECS_HTTP_CHAOS_STATE_DIR: '/nonexistent/ehc-unit-state',
          ...env,
        },
      },
      (error, stdout) => {
        done({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
          stdout,
        });
      },
    );
  });
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const payloadOf = (header: readonly string[], targets: readonly (readonly string[])[]) =>
  b64([header, ...targets].map((fields) => `${fields.join('\t')}\n`).join(''));

function tsAccepts(header: readonly string[], target: readonly string[]): boolean {
  return (
    brokenRule(header, HEADER_RULES) === undefined &&
    brokenRule(target, TARGET_RULES) === undefined &&
    brokenRelation(target) === undefined
  );
}

async function expectVerdict(header: readonly string[], target: readonly string[]): Promise<void> {
  const outcome = await runScript(payloadOf(header, [target]));
  const report = parseHostOutput(outcome.stdout, { instanceId: INSTANCE });
  expect(report.ignoredCount).toBe(0);
  if (tsAccepts(header, target)) {
    expect({ code: outcome.code, step: report.hostErrors[0]?.step }).toEqual({
      code: 1,
      step: 'docker',
    });
  } else {
    expect({ code: outcome.code, step: report.hostErrors[0]?.step }).toEqual({
      code: 2,
      step: 'validate',
    });
    expect(report.hostErrors[0]!.reason).toMatch(/^payload rejected, nothing was done: /);
  }
}

const hex = (n: number) => '0123456789abcdef'.repeat(8).slice(0, n);
const TARGET_EDGES: Record<number, readonly string[]> = {
  0: [
    'i-1234abcd',
    `i-${hex(17)}`,
    `mi-${hex(17)}`,
    'i-1234abc',
    `i-${hex(16)}`,
    `mi-${hex(8)}`,
    'I-1234abcd',
    'i-1234ABCD',
    'i-1234abcd ',
  ],
  1: ['shop', 'a'.repeat(255), 'a'.repeat(256), 'a b', 'a/b', 'é', 'shop;', ''],
  2: [
    ARN,
    'arn:aws:ecs:us-east-1:123456789012:task/shop/01234567-89ab-cdef-0123-456789abcdef',
    'arn:aws-cn:ecs:cn-north-1:123456789012:task/shop/0123456789abcdef0123456789abcdef',
    'arn:aws-us-gov:ecs:us-gov-west-1:123456789012:task/shop/0123456789abcdef0123456789abcdef',
    'arn:aws:ecs:us-east:123456789012:task/shop/0123456789abcdef0123456789abcdef',
    'arn:aws:ecs:us-east-1:12345678901:task/shop/0123456789abcdef0123456789abcdef',
    'arn:aws:ecs:us-east-1:123456789012:service/shop/0123456789abcdef0123456789abcdef',
    'arn:aws:ecs:us-east-1:123456789012:task/other/0123456789abcdef0123456789abcdef',
    'arn:aws:foo:ecs:us-east-1:123456789012:task/shop/0123456789abcdef0123456789abcdef',
    'arn:aws:ecs:us-east-1:123456789012:task/shop/0123456789ABCDEF0123456789abcdef',
    'arn:aws:ecs:us-east-1:123456789012:task/shop/0123456789abcdef0123456789abcdef/x',
    'arn:aws:ecs:us-east-1:123456789012:task/shop/0123456789-abcdef-0123-4567-89abcdef',
  ],
  3: ['web', 'a'.repeat(255), 'a'.repeat(256), '$(id)', '`id`', "we'b", 'web"'],
  4: ['-', hex(64), hex(63), hex(64).toUpperCase(), '--'],
  5: ['bridge', 'awsvpc', 'host', 'none'],
  6: ['1', '65535', '0', '65536', '080', '+80', '8080 ', '20000'],
  7: ['1', '65535', '0', '65536', '8080'],
  8: ['0', '86400000', '86400001', '00', '-1'],
  9: ['auto', 'eth0', 'a'.repeat(15), 'a'.repeat(16), '.', '..', 'eth0:1', 'eth 0', 'en.p-1_2'],
  10: ['0', '100', '101', '-1', '1.5'],
  11: ['1767225600000', '176722560000', '17672256000000', '1e12', '1767225600000x'],
};
const HEADER_EDGES: Record<number, readonly string[]> = {
  0: ['ehc1', 'ehc2', 'EHC1'],
  1: ['status', 'inject ', 'Status', 'reset'],
  2: ['exp-1', 'a'.repeat(64), 'a'.repeat(65), 'A', 'a_b', 'x; rm -rf /'],
  3: [
    'ecs-http-chaos:dev',
    'registry.local:5000/team/ehc@sha256:abc',
    '-x',
    'a b',
    "a'b",
    'a'.repeat(255),
    'a'.repeat(256),
    'a$(id)',
  ],
  4: ['true', 'false', 'yes', 'TRUE'],
  5: ['0', '60', '61', '05'],
  6: ['0', '3600', '3601'],
};

describe('the host script applies exactly the rules of payload-fields.ts', () => {
  for (const [index, values] of Object.entries(TARGET_EDGES)) {
    it(`target field ${TARGET_RULES[Number(index)]!.name}`, async () => {
      for (const value of values) {
        const target = [...TARGET];
        target[Number(index)] = value;
        await expectVerdict(HEADER, target);
      }
    });
  }
  for (const [index, values] of Object.entries(HEADER_EDGES)) {
    it(`header field ${HEADER_RULES[Number(index)]!.name}`, async () => {
      for (const value of values) {
        const header = [...HEADER];
        header[Number(index)] = value;
        await expectVerdict(header, TARGET);
      }
    });
  }
});

describe('the host script rejects a malformed command before anything runs', () => {
  const rejected = async (
    payloadBase64: string,
    reason: RegExp,
    env: Record<string, string> = {},
  ) => {
    const outcome = await runScript(payloadBase64, env);
    expect(outcome.code).toBe(2);
    const report = parseHostOutput(outcome.stdout, { instanceId: INSTANCE });
    expect(report.hostErrors).toEqual([
      { step: 'validate', reason: expect.stringMatching(reason) as unknown },
    ]);
  };

  it('a field missing, one too many, or empty', async () => {
    await rejected(payloadOf(HEADER, [TARGET.slice(0, 11)]), /target line 1 has 11 fields, not 12/);
    await rejected(payloadOf(HEADER, [[...TARGET, 'x']]), /has 13 fields, not 12/);
    await rejected(
      b64(`${HEADER.join('\t')}\n${TARGET.join('\t').replace('\tweb\t', '\t\t')}\n`),
      /has 11 fields|empty field/,
    );
  });

  it('a newline or carriage return inside a field', async () => {
    const split = [...TARGET];
    split[3] = 'we\nb';
    await rejected(payloadOf(HEADER, [split]), /target line/);
    const cr = [...TARGET];
    cr[11] = `${cr[11]!}\r`;
    await rejected(payloadOf(HEADER, [cr]), /deadline is/);
  });

  it('a NUL byte, and text that is not base64', async () => {
    const nul = [...TARGET];
    nul[3] = 'web\u0000x';
    await rejected(payloadOf(HEADER, [nul]), /container name is/);
    await rejected('', /P is empty/);
    await rejected('abc$(id)', /outside the base64 alphabet/);
    await rejected('abcde', /not valid base64/);
  });

  it('a deadline with a leading 0 (sh arithmetic would read it as octal)', async () => {
    const octal = [...TARGET];
    octal[11] = '0999999999999';
    expect(tsAccepts(HEADER, octal)).toBe(false);
    await rejected(payloadOf(HEADER, [octal]), /deadline is '0999999999999'/);
  });

  it('proxy port equal to the target port', async () => {
    const same = [...TARGET];
    same[7] = same[6]!;
    await rejected(payloadOf(HEADER, [same]), /proxy port equals target port/);
  });

  it('an AWS_SSM_INSTANCE_ID that is no instance id, and bad paths from the environment', async () => {
    const payload = payloadOf(HEADER, [TARGET]);
    const bad = await runScript(payload, { AWS_SSM_INSTANCE_ID: 'i-$(id)' });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('AWS_SSM_INSTANCE_ID');
    await rejected(payload, /ECS_HTTP_CHAOS_STATE_DIR 'rel\/dir' must be an absolute path/, {
      ECS_HTTP_CHAOS_STATE_DIR: 'rel/dir',
    });
    await rejected(payload, /ECS_HOST_DATA_DIR '\/a,b' must be an absolute path/, {
      ECS_HOST_DATA_DIR: '/a,b',
    });
  });

  it('quotes an overlong value shortened, and keeps the JSON line valid', async () => {
    const long = [...TARGET];
    long[3] = `"\\${'x'.repeat(400)}`;
    const outcome = await runScript(payloadOf(HEADER, [long]));
    const report = parseHostOutput(outcome.stdout, { instanceId: INSTANCE });
    expect(report.hostErrors[0]!.reason).toContain(`'"\\${'x'.repeat(58)}...' (402 chars)`);
  });
});
