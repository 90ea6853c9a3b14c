import { describe, expect, it } from '@jest/globals';
import { ChaosError } from '../../../src/errors/chaos-error.js';
import { decodePayload } from '../../../src/host/payload-decode.js';
import {
  commandBytes,
  commandsFor,
  encodePayload,
  type Payload,
  type PayloadHeader,
  type PayloadTarget,
} from '../../../src/host/payload.js';

const TASK_ARN = 'arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef';
const RUNTIME = 'd'.repeat(64);

const header: PayloadHeader = {
  mode: 'inject',
  chaosId: '1b4e28ba-2fa1-11d2-883f-0016d3cca427',
  libImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/ecs-http-chaos:0.1.0',
  installDependencies: true,
  pullPolicy: 'IfNotPresent',
  drainSeconds: 5,
  graceSeconds: 120,
};

const bridge: PayloadTarget = {
  instanceId: 'i-0123456789abcdef0',
  clusterName: 'prod',
  taskArn: TASK_ARN,
  containerName: 'web',
  runtimeId: RUNTIME,
  networkMode: 'bridge',
  targetPort: 80,
  proxyPort: 20000,
  resetTimeoutMs: 10000,
  networkInterface: 'auto',
  toxicity: 100,
  deadlineMs: 1_700_000_060_000,
};
const awsvpc: PayloadTarget = {
  ...bridge,
  instanceId: 'mi-0123456789abcdef0',
  containerName: 'api_1',
  runtimeId: undefined,
  networkMode: 'awsvpc',
  networkInterface: 'eth1',
  toxicity: 0,
  resetTimeoutMs: 0,
};
const payload: Payload = { header, targets: [bridge, awsvpc] };

function thrown(action: () => unknown): ChaosError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ChaosError);
    return error as ChaosError;
  }
  throw new Error('expected a ChaosError');
}

describe('encodePayload', () => {
  it('writes the ADR 0002 lines, tab-separated, each ending in a newline', () => {
    const text = Buffer.from(encodePayload(payload), 'base64').toString('utf8');
    expect(text.split('\n').map((line) => line.split('\t'))).toEqual([
      ['ehc2', 'inject', header.chaosId, header.libImage, 'true', 'IfNotPresent', '5', '120'],
      [
        'i-0123456789abcdef0',
        'prod',
        TASK_ARN,
        'web',
        RUNTIME,
        'bridge',
        '80',
        '20000',
        '10000',
        'auto',
        '100',
        '1700000060000',
      ],
      [
        'mi-0123456789abcdef0',
        'prod',
        TASK_ARN,
        'api_1',
        '-',
        'awsvpc',
        '80',
        '20000',
        '0',
        'eth1',
        '0',
        '1700000060000',
      ],
      [''],
    ]);
  });

  it('round-trips through the decoder the host side is tested with', () => {
    expect(decodePayload(encodePayload(payload))).toEqual(payload);
    const revert = {
      header: { ...header, mode: 'revert' as const, installDependencies: false },
      targets: [],
    };
    expect(decodePayload(encodePayload(revert))).toEqual(revert);
  });

  it.each<[string, Partial<PayloadTarget>, string]>([
    ['instance id', { instanceId: 'i-$(id)' }, 'instance id is "i-$(id)"'],
    ['instance id', { instanceId: 'i-0123456789abcdef0\ti-1' }, 'instance id'],
    ['cluster name', { clusterName: 'prod;reboot' }, 'cluster name is "prod;reboot"'],
    ['task ARN', { taskArn: `${TASK_ARN}\n` }, 'task ARN is'],
    [
      'task ARN',
      { taskArn: TASK_ARN.replace('/prod/', '/other/') },
      'task ARN names another cluster',
    ],
    ['container name', { containerName: 'web`id`' }, 'container name is "web`id`"'],
    ['container name', { containerName: 'wеb' }, '"w\\u0435b"'],
    ['runtime id', { runtimeId: 'abc' }, 'docker runtime id is "abc"'],
    ['network mode', { networkMode: 'host' as 'bridge' }, 'network mode is "host"'],
    ['target port', { targetPort: 0 }, 'target port is "0"'],
    ['proxy port', { proxyPort: 65536 }, 'proxy port is "65536"'],
    ['ports', { proxyPort: 80 }, 'proxy port equals target port'],
    ['reset', { resetTimeoutMs: -1 }, 'reset timeout ms is "-1"'],
    ['reset', { resetTimeoutMs: 1.5 }, 'reset timeout ms is "1.5"'],
    ['interface', { networkInterface: 'eth0 ' }, 'interface is "eth0 "'],
    ['interface', { networkInterface: '..' }, 'interface is ".."'],
    ['toxicity', { toxicity: 101 }, 'toxicity is "101"'],
    ['deadline', { deadlineMs: 999_999_999_999 }, 'deadline is "999999999999"'],
  ])('refuses a bad %s before anything is sent', (_field, change, expected) => {
    const error = thrown(() =>
      encodePayload({ header, targets: [bridge, { ...bridge, ...change }] }),
    );
    expect(error.code).toBe('CHAOS_INJECT_ERROR');
    expect(error.phase).toBe('inject');
    expect(error.reason).toContain('target line 2');
    expect(error.reason).toContain(expected);
    expect(error.message.split('\n')).toHaveLength(1);
  });

  it.each<[Partial<PayloadHeader>, string]>([
    [{ chaosId: 'Run-1' }, 'chaos id is "Run-1"'],
    [{ chaosId: 'a'.repeat(65) }, 'chaos id'],
    [{ libImage: 'nginx$(id)' }, 'lib image is "nginx$(id)"'],
    [{ libImage: 'nginx latest' }, 'lib image'],
    [{ drainSeconds: 61 }, 'drain seconds is "61"'],
    [{ graceSeconds: 3601 }, 'grace seconds is "3601"'],
  ])('refuses a bad header %j', (change, expected) => {
    const error = thrown(() =>
      encodePayload({ header: { ...header, mode: 'revert', ...change }, targets: [] }),
    );
    expect(error.code).toBe('CHAOS_REVERT_ERROR');
    expect(error.reason).toContain(`header field ${expected}`);
  });

  it('maps an unknown mode to an internal error', () => {
    const error = thrown(() =>
      encodePayload({ header: { ...header, mode: 'boom' as 'inject' }, targets: [] }),
    );
    expect(error.code).toBe('INTERNAL_ERROR');
    expect(error.reason).toContain('mode is "boom"');
  });
});

describe('commandsFor', () => {
  const script = '#!/bin/sh\nset -eu\necho "$P" | base64 -d\n';

  it('is a single-quoted base64 literal, then the script unchanged', () => {
    const encoded = encodePayload(payload);
    const commands = commandsFor(encoded, script);
    expect(commands).toEqual([`P='${encoded}'`, script]);
    expect(commands[0]).toMatch(/^P='[A-Za-z0-9+/]+={0,2}'$/);
  });

  it.each(["abc'; reboot; echo '", 'YWJj\n', 'YW Jj', '', 'YWJ'])(
    'refuses %j as a payload',
    (value) => {
      expect(thrown(() => commandsFor(value, script)).code).toBe('INTERNAL_ERROR');
    },
  );

  it('counts bytes as the JSON that travels to SSM', () => {
    const commands = commandsFor('YWJj', 'a"\n');
    expect(commandBytes(commands)).toBe(JSON.stringify(["P='YWJj'", 'a"\n']).length);
    expect(commandBytes(commandsFor('YWJj', 'é'))).toBe(
      JSON.stringify(["P='YWJj'", 'é']).length + 1,
    );
  });
});

describe('decodePayload', () => {
  const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
  const head = ['ehc2', 'status', 'run-1', 'nginx', 'false', 'Never', '0', '0'].join('\t');

  it('rejects what the host script rejects', () => {
    expect(() => decodePayload(b64(head))).toThrow('last line has no newline');
    expect(() => decodePayload(b64(`${head}\textra\n`))).toThrow('field count');
    expect(() => decodePayload(b64(`${head.replace('ehc2', 'ehc1')}\n`))).toThrow('header format');
    expect(() => decodePayload(b64(`${head.replace('Never', 'never')}\n`))).toThrow(
      'header pull policy',
    );
    expect(() => decodePayload(`${b64(`${head}\n`)}\n`)).toThrow('not canonical base64');
    expect(decodePayload(b64(`${head}\n`)).header).toMatchObject({
      mode: 'status',
      installDependencies: false,
      pullPolicy: 'Never',
      drainSeconds: 0,
    });
  });
});
