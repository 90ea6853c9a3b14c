// The host script run as SSM runs it (`sh -c`, P first), against no Docker daemon: the
// field-edge corpus of host-script.test.ts, shared with host-script-build.test.ts.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The script as it is sent: built from src/host/sh and checked in. */
export const BUILT_SCRIPT = readFileSync(join(resolve('.'), 'src/host/host.sh'), 'utf8');
/** The revert's build (ADR 0223), sent with every revert command. */
export const REVERT_SCRIPT = readFileSync(join(resolve('.'), 'src/host/host-revert.sh'), 'utf8');
export const INSTANCE = 'i-0123456789abcdef0';
export const ARN = 'arn:aws:ecs:us-east-1:123456789012:task/shop/0123456789abcdef0123456789abcdef';
export const HEADER = [
  'ehc2',
  'status',
  'exp-1',
  'ecs-http-chaos:dev',
  'false',
  'Always',
  '5',
  '120',
];
export const TARGET = [
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

export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runScript(
  payloadBase64: string,
  env: Record<string, string> = {},
  script = BUILT_SCRIPT,
): Promise<Outcome> {
  const text = `P='${payloadBase64}'\n${script}`;
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
      (error, stdout, stderr) => {
        done({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
          stdout,
          stderr,
        });
      },
    );
  });
}

export const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
export const payloadOf = (header: readonly string[], targets: readonly (readonly string[])[]) =>
  b64([header, ...targets].map((fields) => `${fields.join('\t')}\n`).join(''));

const hex = (n: number) => '0123456789abcdef'.repeat(8).slice(0, n);
export const TARGET_EDGES: Record<number, readonly string[]> = {
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
export const HEADER_EDGES: Record<number, readonly string[]> = {
  0: ['ehc2', 'ehc1', 'EHC2', 'ehc3'],
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
  5: ['Always', 'IfNotPresent', 'Never', 'always', 'IfNotPresent ', 'Sometimes', 'Never;id'],
  6: ['0', '60', '61', '05'],
  7: ['0', '3600', '3601'],
};

/** Every edge payload: one field of the header or of the target changed. */
export function edgePayloads(): { readonly name: string; readonly payload: string }[] {
  const changed = (row: readonly string[], index: number, value: string) =>
    row.map((field, at) => (at === index ? value : field));
  return [
    ...Object.entries(TARGET_EDGES).flatMap(([index, values]) =>
      values.map((value) => ({
        name: `target ${index}=${JSON.stringify(value)}`,
        payload: payloadOf(HEADER, [changed(TARGET, Number(index), value)]),
      })),
    ),
    ...Object.entries(HEADER_EDGES).flatMap(([index, values]) =>
      values.map((value) => ({
        name: `header ${index}=${JSON.stringify(value)}`,
        payload: payloadOf(changed(HEADER, Number(index), value), [TARGET]),
      })),
    ),
  ];
}
