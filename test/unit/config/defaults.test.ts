import { describe, expect, it } from '@jest/globals';
import { CHAOS_ID_BASE_MAX, deriveChaosId } from '../../../src/config/chaos-id.js';
import { ConfigInvalidError } from '../../../src/config/config-error.js';
import { loadRunConfig } from '../../../src/config/load-config.js';
import { showValue } from '../../../src/config/show-value.js';
import { tunableTable } from '../../../src/config/tunables.js';
import { ChaosError } from '../../../src/errors/chaos-error.js';
import { BASE, load, replay } from './helpers.js';

/** docs/reference/tunables.md §1, the seed's table, copied by hand: the test must not read the code. */
const SEED_DEFAULTS = {
  CLUSTER_NAME: '',
  REGION: '',
  SERVICE_NAME: '',
  TASK_REPLICA_ID: '',
  TASK_REPLICA_AFFECTED_PERC: '100',
  RESET_TIMEOUT: '10000',
  TARGET_SERVICE_PORT: '80',
  PROXY_PORT: '20000',
  NETWORK_INTERFACE: 'auto',
  TOTAL_CHAOS_DURATION: '60',
  INSTALL_DEPENDENCIES: 'true',
  SEQUENCE: 'parallel',
  RAMP_TIME: '0',
  ASSUME_ROLE_ARN: '',
  AWS_AUTHENTICATION_SECRET: '',
};

describe('defaults', () => {
  it('are the seed defaults, and only CLUSTER_NAME and REGION are required', () => {
    const rows = tunableTable().filter((row) => row.origin === 'seed');
    expect(Object.fromEntries(rows.map((row) => [row.name, row.default]))).toEqual(SEED_DEFAULTS);
    expect(rows.filter((row) => row.required).map((row) => row.name)).toEqual([
      'CLUSTER_NAME',
      'REGION',
    ]);
  });

  it('give the seed values in the loaded configuration', () => {
    const config = load({});
    expect(config.fault).toEqual({
      targetPort: 80,
      proxyPort: 20000,
      resetTimeoutMs: 10000,
      networkInterface: 'auto',
      toxicity: 100,
      durationSeconds: 60,
      sequence: 'parallel',
      rampSeconds: 0,
      installDependencies: true,
      libImage: 'ghcr.io/ecs-http-chaos/ecs-http-chaos:0.1.0',
      libImagePullPolicy: 'Always',
      drainSeconds: 5,
      reaperGraceSeconds: 120,
      watchIntervalSeconds: 10,
    });
    expect(config.target.selection).toMatchObject({ affectedPercent: 100 });
    expect(config.aws).toEqual({
      region: 'us-east-1',
      assumeRoleArn: undefined,
      authenticationSecret: undefined,
      credentialsFile: undefined,
      maxCommandBytes: 32768,
      ssmCallsPerSecond: 4,
    });
  });

  it('follow Litmus for the runner variables', () => {
    expect(load({}).litmus).toEqual({
      chaosEngine: undefined,
      chaosNamespace: 'litmus',
      chaosUid: undefined,
      experimentName: 'ecs-container-http-reset-peer',
      instanceId: undefined,
      podName: undefined,
      chaosServiceAccount: undefined,
      defaultHealthCheck: false,
      terminationGracePeriodSeconds: 30,
      statusCheckDelaySeconds: 2,
      statusCheckTimeoutSeconds: 180,
    });
    expect(load({}).output).toEqual({
      probesFile: undefined,
      chaosResultFile: './chaosresult.json',
      logFormat: 'text',
      logLevel: 'info',
    });
  });

  it('lists every variable once with an example for the shipping checks', () => {
    const rows = tunableTable();
    expect(new Set(rows.map((row) => row.name)).size).toBe(rows.length);
    for (const row of rows) expect(row.example).not.toBe('');
    expect(rows.map((row) => row.name)).toEqual(
      expect.arrayContaining(['TOXICITY', 'TARGET_CONTAINER', 'LIB_IMAGE', 'STATUS_CHECK_TIMEOUT']),
    );
  });
});

describe('credentials file (ADR 0050)', () => {
  it('is Litmus’s mount point when only AWS_AUTHENTICATION_SECRET is set', () => {
    const config = load({ AWS_AUTHENTICATION_SECRET: 'cloud-secret' });
    expect(config.aws.credentialsFile).toEqual({ path: '/tmp/cloud_config.yml', source: 'secret' });
  });

  it('is the explicit file when AWS_SHARED_CREDENTIALS_FILE is set, with a notice if both', () => {
    const both = load({
      AWS_AUTHENTICATION_SECRET: 'cloud-secret',
      AWS_SHARED_CREDENTIALS_FILE: '/secrets/aws',
    });
    expect(both.aws.credentialsFile).toEqual({ path: '/secrets/aws', source: 'explicit' });
    expect(both.notices).toEqual([
      'AWS_SHARED_CREDENTIALS_FILE is used as set; AWS_AUTHENTICATION_SECRET=cloud-secret only names the mounted secret',
    ]);
    expect(load({ AWS_SHARED_CREDENTIALS_FILE: '/secrets/aws' }).aws.credentialsFile?.source).toBe(
      'explicit',
    );
  });

  it('is left to the SDK default chain when neither is set', () => {
    expect(load({}).aws.credentialsFile).toBeUndefined();
  });
});

describe('the result', () => {
  it('is frozen all the way down', () => {
    const config = load({ TASK_REPLICA_ID: '0123456789abcdef0123456789abcdef' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.fault)).toBe(true);
    expect(Object.isFrozen(config.target.selection)).toBe(true);
    expect(() => {
      (config.fault as { targetPort: number }).targetPort = 1;
    }).toThrow(TypeError);
  });

  it('is a ChaosError with code CONFIG_INVALID when invalid', () => {
    let caught: unknown;
    try {
      loadRunConfig({ ...BASE, PROXY_PORT: '80', TARGET_SERVICE_PORT: '80' }, replay());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ChaosError);
    expect(caught).toBeInstanceOf(ConfigInvalidError);
    expect((caught as ChaosError).toJSON()).toMatchObject({
      code: 'CONFIG_INVALID',
      phase: 'config',
      target: 'PROXY_PORT',
    });
  });
});

describe('chaos id', () => {
  it('is CHAOS_UID, lower-cased, plus a suffix drawn for this run', () => {
    const uid = '1B4E28BA-2FA1-11D2-883F-0016D3CCA427';
    const random = replay(0, 1, 35, 26, 2, 3, 4, 5);
    const id = deriveChaosId(uid, random);
    expect(id).toBe(`${uid.toLowerCase()}-ab90cdef`);
    expect(random.calls).toEqual(new Array(8).fill(36));
    expect(load({ CHAOS_UID: uid }).chaosId).toBe(`${uid.toLowerCase()}-aaaaaaaa`);
  });

  it('differs between two runs of the same ChaosEngine (one CHAOS_UID), so a tombstone never blocks a re-run', () => {
    const uid = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
    expect(deriveChaosId(uid, replay(1))).not.toBe(deriveChaosId(uid, replay(2)));
  });

  it('stays short enough for step suffixes when CHAOS_UID is long, and stays unique', () => {
    const a = deriveChaosId(`${'a'.repeat(60)}b`, replay());
    const b = deriveChaosId(`${'a'.repeat(60)}c`, replay());
    expect(a).toMatch(/^[a-z0-9-]+$/);
    expect(a.length).toBe(CHAOS_ID_BASE_MAX);
    expect(a).not.toBe(b);
  });

  it('is drawn from the injected random source when there is no CHAOS_UID', () => {
    const random = replay(0, 1, 35, 26);
    const id = deriveChaosId(undefined, random);
    expect(id).toBe('ehc-ab90aaaaaaaaaaaa');
    expect(random.calls.every((bound) => bound === 36)).toBe(true);
    expect(id).toMatch(/^[a-z0-9-]{1,64}$/);
  });

  it('refuses a random source that breaks its contract', () => {
    expect(() => deriveChaosId(undefined, { int: () => 36 })).toThrow(RangeError);
    expect(() => deriveChaosId(undefined, { int: () => 0.5 })).toThrow(RangeError);
  });
});

describe('showValue', () => {
  it('quotes, escapes non-printable and non-ASCII characters, and cuts long values', () => {
    expect(showValue('a"b')).toBe('"a\\"b"');
    expect(showValue('a\nb\tc')).toBe('"a\\nb\\tc"');
    expect(showValue('é\u2028')).toBe('"\\u00e9\\u2028"');
    expect(showValue('x'.repeat(81))).toBe(`"${'x'.repeat(80)}..." (81 characters)`);
  });
});
