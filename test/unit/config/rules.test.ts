import { describe, expect, it } from '@jest/globals';
import { showValue } from '../../../src/config/show-value.js';
import { BASE, load, onlyLine, rejection } from './helpers.js';

const HOSTILE = [
  '80; reboot',
  '$(id)',
  '`id`',
  '80\nINFO [config] forged line',
  '80\r\n',
  "80'",
  '"80"',
  '８０', // fullwidth digits
  '80\u202e', // right-to-left override
  '\u0000',
  ' 80',
  'x'.repeat(300),
];

/** Each integer's range, with the settings that let both ends stand on their own. */
const INTEGERS: Readonly<Record<string, readonly [number, number, Record<string, string>?]>> = {
  TASK_REPLICA_AFFECTED_PERC: [0, 100],
  RESET_TIMEOUT: [0, 86_399_999, { TOTAL_CHAOS_DURATION: '86400' }],
  TARGET_SERVICE_PORT: [1, 65535],
  PROXY_PORT: [1, 65535],
  TOTAL_CHAOS_DURATION: [5, 86_400, { RESET_TIMEOUT: '0' }],
  RAMP_TIME: [0, 3600],
  TOXICITY: [0, 100],
  TERMINATION_GRACE_PERIOD_SECONDS: [0, 86_400],
  STATUS_CHECK_DELAY: [1, 300, { STATUS_CHECK_TIMEOUT: '86400' }],
  STATUS_CHECK_TIMEOUT: [1, 86_400, { STATUS_CHECK_DELAY: '1' }],
  PROXY_DRAIN_SECONDS: [0, 60],
  REAPER_GRACE_SECONDS: [0, 3600],
  SSM_COMMAND_MAX_BYTES: [8192, 65536],
  WATCH_INTERVAL_SECONDS: [2, 300],
  SSM_CALLS_PER_SECOND: [1, 50],
};

const STRINGS = [
  'CLUSTER_NAME',
  'REGION',
  'SERVICE_NAME',
  'TASK_REPLICA_ID',
  'NETWORK_INTERFACE',
  'INSTALL_DEPENDENCIES',
  'SEQUENCE',
  'ASSUME_ROLE_ARN',
  'AWS_AUTHENTICATION_SECRET',
  'CHAOSENGINE',
  'CHAOS_NAMESPACE',
  'CHAOS_UID',
  'EXPERIMENT_NAME',
  'INSTANCE_ID',
  'POD_NAME',
  'CHAOS_SERVICE_ACCOUNT',
  'DEFAULT_HEALTH_CHECK',
  'LIB_IMAGE',
  'LIB_IMAGE_PULL_POLICY',
  'TARGET_CONTAINER',
  'LOG_FORMAT',
  'LOG_LEVEL',
];

describe('hostile values', () => {
  const names = [...Object.keys(INTEGERS), ...STRINGS];
  it.each(names.flatMap((name) => HOSTILE.map((value) => [name, value] as const)))(
    '%s=%j is refused with one escaped line',
    (name, value) => {
      const line = onlyLine({ [name]: value }, name);
      expect(line.startsWith(`${name}=${showValue(value)}: `)).toBe(true);
    },
  );

  it('never lets a newline in a value start a new line of output', () => {
    const error = rejection({ REGION: 'us-east-1\nERROR [inject] all hosts wiped' });
    expect(error.lines).toHaveLength(1);
    expect(error.lines[0]).toContain('us-east-1\\nERROR');
    expect(error.reason.split('\n')).toHaveLength(2); // the count line, then the one problem
  });

  it('shows lookalikes and bidi controls as escapes', () => {
    expect(onlyLine({ REGION: 'us-еast-1' }, 'REGION')).toContain('"us-\\u0435ast-1"');
    expect(onlyLine({ PROXY_PORT: '8080\u202e' }, 'PROXY_PORT')).toContain('\\u202e');
  });

  it('cuts overlong values and says how long they were', () => {
    const line = onlyLine({ CLUSTER_NAME: 'c'.repeat(5000) }, 'CLUSTER_NAME');
    expect(line).toContain('(5000 characters)');
    expect(line.length).toBeLessThan(400);
  });
});

describe('integer rules', () => {
  it.each(Object.entries(INTEGERS))(
    '%s accepts its bounds and refuses one beyond',
    (name, range) => {
      const [min, max, others = {}] = range;
      const base = { ...BASE, ...others };
      expect(() => load({ [name]: String(min) }, base)).not.toThrow();
      expect(() => load({ [name]: String(max) }, base)).not.toThrow();
      if (min > 0) onlyLine({ [name]: String(min - 1) }, name, base);
      onlyLine({ [name]: String(max + 1) }, name, base);
    },
  );

  it('bounds RESET_TIMEOUT at one day on its own too', () => {
    const line = onlyLine(
      { RESET_TIMEOUT: '86400001', TOTAL_CHAOS_DURATION: '86400' },
      'RESET_TIMEOUT',
    );
    expect(line).toContain('from 0 to 86400000');
  });

  it.each(['8O', '-1', '1e3', '0x50', '80.0', '+80', '080', '99999999999999999999'])(
    'refuses %j as a number',
    (value) => {
      expect(onlyLine({ TARGET_SERVICE_PORT: value }, 'TARGET_SERVICE_PORT')).toContain(
        'must be a whole number from 1 to 65535',
      );
    },
  );

  it('reads the numbers as numbers', () => {
    const config = load({ TARGET_SERVICE_PORT: '8080', PROXY_PORT: '8081', TOXICITY: '0' });
    expect(config.fault).toMatchObject({ targetPort: 8080, proxyPort: 8081, toxicity: 0 });
  });
});

describe('rules between variables', () => {
  it('refuses PROXY_PORT equal to TARGET_SERVICE_PORT, naming PROXY_PORT', () => {
    const line = onlyLine({ TARGET_SERVICE_PORT: '8080', PROXY_PORT: '8080' }, 'PROXY_PORT');
    expect(line).toContain('must differ from TARGET_SERVICE_PORT (8080)');
    onlyLine({ TARGET_SERVICE_PORT: '20000' }, 'PROXY_PORT');
  });

  it('refuses RESET_TIMEOUT that is not shorter than the window', () => {
    const line = onlyLine({ TOTAL_CHAOS_DURATION: '5', RESET_TIMEOUT: '5000' }, 'RESET_TIMEOUT');
    expect(line).toContain('TOTAL_CHAOS_DURATION=5 s (5000 ms)');
    expect(load({ TOTAL_CHAOS_DURATION: '5', RESET_TIMEOUT: '4999' }).fault.resetTimeoutMs).toBe(
      4999,
    );
    // A five-second window with the default RESET_TIMEOUT of 10 s could never reset anything.
    onlyLine({ TOTAL_CHAOS_DURATION: '5' }, 'RESET_TIMEOUT');
    // Shorter windows could never be injected at all: hosts refuse them (ADR 0071).
    expect(onlyLine({ TOTAL_CHAOS_DURATION: '4' }, 'TOTAL_CHAOS_DURATION')).toContain(
      'from 5 to 86400',
    );
  });

  it('refuses STATUS_CHECK_DELAY above STATUS_CHECK_TIMEOUT', () => {
    onlyLine({ STATUS_CHECK_DELAY: '30', STATUS_CHECK_TIMEOUT: '10' }, 'STATUS_CHECK_DELAY');
  });

  it('refuses a ChaosResult name longer than Kubernetes allows', () => {
    onlyLine({ CHAOSENGINE: 'e'.repeat(200), EXPERIMENT_NAME: 'x'.repeat(60) }, 'CHAOSENGINE');
  });

  it('refuses it without CHAOSENGINE too, naming EXPERIMENT_NAME', () => {
    onlyLine(
      { EXPERIMENT_NAME: 'x'.repeat(240), INSTANCE_ID: 'run-1-abcdefghijkl' },
      'EXPERIMENT_NAME',
    );
  });

  it('does not cascade: an invalid port gives its own line, not a second one', () => {
    const error = rejection({ TARGET_SERVICE_PORT: '80; reboot', PROXY_PORT: '80' });
    expect(error.problems.map((problem) => problem.variable)).toEqual(['TARGET_SERVICE_PORT']);
  });
});

describe('all at once', () => {
  it('lists every invalid variable, one line each, in table order', () => {
    const error = rejection({
      REGION: 'moon-1',
      TARGET_SERVICE_PORT: '0',
      PROXY_PORT: 'abc',
      SEQUENCE: 'random',
      LOG_LEVEL: 'trace',
      CHAOS_NAMESPACE: 'Litmus',
    });
    expect(error.problems.map((problem) => problem.variable)).toEqual([
      'REGION',
      'TARGET_SERVICE_PORT',
      'PROXY_PORT',
      'SEQUENCE',
      'CHAOS_NAMESPACE',
      'LOG_LEVEL',
    ]);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.phase).toBe('config');
    for (const line of error.lines) expect(error.message).toContain(line);
  });

  it('names missing required variables with an example', () => {
    const error = rejection({}, {});
    expect(error.lines).toEqual([
      'CLUSTER_NAME is not set: required: ECS cluster name or ARN (example: CLUSTER_NAME=my-cluster)',
      'REGION is not set: required: AWS region of the cluster (example: REGION=us-east-1)',
      'SERVICE_NAME is not set: set SERVICE_NAME or TASK_REPLICA_ID (at least one of them says what to target) (example: SERVICE_NAME=checkout)',
    ]);
  });

  it('treats empty and blank values as unset', () => {
    const config = load({ TARGET_SERVICE_PORT: '', PROXY_PORT: '  ', TASK_REPLICA_ID: '' });
    expect(config.fault).toMatchObject({ targetPort: 80, proxyPort: 20000 });
    const line = onlyLine({ SERVICE_NAME: ' ', TASK_REPLICA_ID: '' }, 'SERVICE_NAME');
    expect(line).toContain('SERVICE_NAME is not set');
  });

  it('ignores variables it does not own', () => {
    expect(() => load({ ...BASE, HOME: '$(id)', PATH: '\n' })).not.toThrow();
  });
});
