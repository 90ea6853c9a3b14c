import { describe, expect, it } from '@jest/globals';
import { load, onlyLine } from './helpers.js';

const ACCOUNT = '123456789012';
const TASK = '0123456789abcdef0123456789abcdef';
const UUID_TASK = '1dc5c17a-422b-4dc4-b493-371970c6c4d6';

describe('REGION', () => {
  it.each([
    'us-east-1',
    'eu-central-2',
    'ap-southeast-5',
    'us-gov-west-1',
    'cn-northwest-1',
    'us-isob-east-1',
    'eusc-de-east-1',
    'il-central-1',
  ])('accepts %s', (region) => {
    expect(load({ REGION: region }).target.region).toBe(region);
  });

  it.each(['US-EAST-1', 'us-east', 'useast1', 'us-moon-1', 'us-east-1 ', 'us-east-100'])(
    'refuses %j',
    (region) => {
      expect(onlyLine({ REGION: region }, 'REGION')).toContain('AWS region code');
    },
  );
});

describe('CLUSTER_NAME', () => {
  it('takes a name or an ARN, and keeps both the reference and the bare name', () => {
    expect(load({ CLUSTER_NAME: 'prod_cluster-1' }).target).toMatchObject({
      clusterRef: 'prod_cluster-1',
      clusterName: 'prod_cluster-1',
    });
    const arn = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`;
    expect(load({ CLUSTER_NAME: arn }).target).toMatchObject({
      clusterRef: arn,
      clusterName: 'prod',
    });
    const china = `arn:aws-cn:ecs:cn-north-1:${ACCOUNT}:cluster/prod`;
    expect(load({ CLUSTER_NAME: china, REGION: 'cn-north-1' }).target.clusterName).toBe('prod');
  });

  it.each(['my.cluster', 'c'.repeat(256), `arn:aws:ecs:us-east-1:${ACCOUNT}:service/x`])(
    'refuses %j',
    (value) => {
      onlyLine({ CLUSTER_NAME: value }, 'CLUSTER_NAME');
    },
  );

  it('refuses an ARN from another region than REGION', () => {
    const line = onlyLine(
      { CLUSTER_NAME: `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/prod` },
      'CLUSTER_NAME',
    );
    expect(line).toContain('the ARN names region eu-west-1 but REGION is us-east-1');
  });
});

describe('SERVICE_NAME and TASK_REPLICA_ID', () => {
  it('takes a service name or either service ARN format', () => {
    const current = `arn:aws:ecs:us-east-1:${ACCOUNT}:service/my-cluster/checkout`;
    const older = `arn:aws:ecs:us-east-1:${ACCOUNT}:service/checkout`;
    for (const value of ['checkout', current, older]) {
      expect(load({ SERVICE_NAME: value }).target.selection).toEqual({
        kind: 'service',
        serviceName: 'checkout',
        affectedPercent: 100,
      });
    }
  });

  it('refuses a service ARN of another cluster', () => {
    const other = `arn:aws:ecs:us-east-1:${ACCOUNT}:service/other/checkout`;
    expect(onlyLine({ SERVICE_NAME: other }, 'SERVICE_NAME')).toContain(
      'the ARN names cluster other but CLUSTER_NAME is my-cluster',
    );
  });

  it('takes task IDs and ARNs, as a comma list, without duplicates', () => {
    const arn = `arn:aws:ecs:us-east-1:${ACCOUNT}:task/my-cluster/${TASK}`;
    const config = load({ SERVICE_NAME: '', TASK_REPLICA_ID: `${TASK}, ${UUID_TASK},${arn}` });
    expect(config.target.selection).toEqual({
      kind: 'tasks',
      taskIds: [TASK, UUID_TASK],
      guardService: undefined,
    });
  });

  it.each([
    TASK.toUpperCase(),
    `${TASK},,${UUID_TASK}`,
    `${TASK},`,
    TASK.slice(1),
    `arn:aws:ecs:us-east-1:${ACCOUNT}:task/${TASK}`, // the old format has no cluster
    Array.from({ length: 101 }, (_, i) => i.toString(16).padStart(32, '0')).join(','),
  ])('refuses TASK_REPLICA_ID=%j', (value) => {
    onlyLine({ TASK_REPLICA_ID: value }, 'TASK_REPLICA_ID');
  });

  it('refuses a task ARN of another cluster or region', () => {
    const otherCluster = `arn:aws:ecs:us-east-1:${ACCOUNT}:task/other/${TASK}`;
    const otherRegion = `arn:aws:ecs:eu-west-1:${ACCOUNT}:task/my-cluster/${TASK}`;
    expect(onlyLine({ TASK_REPLICA_ID: otherCluster }, 'TASK_REPLICA_ID')).toContain(
      'cluster other',
    );
    expect(onlyLine({ TASK_REPLICA_ID: otherRegion }, 'TASK_REPLICA_ID')).toContain(
      'region eu-west-1',
    );
  });
});

describe('precedence when both are set (ADR 0051)', () => {
  it('targets exactly the named tasks; the service only guards membership', () => {
    const config = load({ SERVICE_NAME: 'checkout', TASK_REPLICA_ID: TASK });
    expect(config.target.selection).toEqual({
      kind: 'tasks',
      taskIds: [TASK],
      guardService: 'checkout',
    });
    expect(config.notices).toEqual([
      'TASK_REPLICA_ID names the tasks; SERVICE_NAME=checkout only checks that they belong to that service',
    ]);
  });

  it('says that TASK_REPLICA_AFFECTED_PERC is ignored when tasks are named', () => {
    const config = load({ TASK_REPLICA_ID: TASK, TASK_REPLICA_AFFECTED_PERC: '50' });
    expect(config.notices).toContain(
      'TASK_REPLICA_AFFECTED_PERC is ignored: TASK_REPLICA_ID names every task to affect',
    );
  });

  it('uses the percentage when only the service is named', () => {
    const config = load({ TASK_REPLICA_AFFECTED_PERC: '50' });
    expect(config.target.selection).toEqual({
      kind: 'service',
      serviceName: 'checkout',
      affectedPercent: 50,
    });
    expect(config.notices).toEqual([]);
  });
});

describe('other patterns', () => {
  it.each([
    ['ASSUME_ROLE_ARN', `arn:aws:iam::${ACCOUNT}:role/chaos`],
    ['ASSUME_ROLE_ARN', `arn:aws-us-gov:iam::${ACCOUNT}:role/team/sub/chaos.runner@x`],
    ['NETWORK_INTERFACE', 'auto'],
    ['NETWORK_INTERFACE', 'eth0'],
    ['NETWORK_INTERFACE', 'eth0.100'],
    ['NETWORK_INTERFACE', 'a23456789012345'],
    ['LIB_IMAGE', 'nginx'],
    ['LIB_IMAGE', 'localhost:5000/ehc/proxy:dev'],
    ['LIB_IMAGE', `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/ecs-http-chaos:0.1.0`],
    ['LIB_IMAGE', `registry.example.com/team/proxy@sha256:${'a'.repeat(64)}`],
    ['TARGET_CONTAINER', 'app_1-web'],
    ['AWS_AUTHENTICATION_SECRET', 'cloud-secret'],
    ['AWS_AUTHENTICATION_SECRET', 'account.awsCreds'],
    ['CHAOS_UID', '1b4e28ba-2fa1-11d2-883f-0016d3cca427'],
    ['CHAOSENGINE', 'nginx-chaos.v2'],
  ])('accepts %s=%s', (name, value) => {
    expect(() => load({ [name]: value })).not.toThrow();
  });

  it.each([
    ['ASSUME_ROLE_ARN', `arn:aws:iam::12345:role/chaos`],
    ['ASSUME_ROLE_ARN', `arn:aws:iam::${ACCOUNT}:user/chaos`],
    ['ASSUME_ROLE_ARN', `arn:aws:iam::${ACCOUNT}:role/$(id)/chaos`],
    ['NETWORK_INTERFACE', 'a234567890123456'],
    ['NETWORK_INTERFACE', '.'],
    ['NETWORK_INTERFACE', '..'],
    ['NETWORK_INTERFACE', 'eth0:1'],
    ['NETWORK_INTERFACE', 'eth/0'],
    ['LIB_IMAGE', 'Nginx'],
    ['LIB_IMAGE', 'nginx:'],
    ['LIB_IMAGE', ':latest'],
    ['LIB_IMAGE', 'nginx@sha256:abc'],
    ['LIB_IMAGE', `registry.example.com/${'a'.repeat(250)}`],
    ['TARGET_CONTAINER', 'app.web'],
    ['CHAOSENGINE', 'Nginx'],
    ['CHAOS_UID', '-abc'],
    ['INSTALL_DEPENDENCIES', 'yes'],
    ['INSTALL_DEPENDENCIES', 'on'],
    ['SEQUENCE', 'Parallel'],
    ['SEQUENCE', 'random'],
    ['LIB_IMAGE_PULL_POLICY', 'always'],
  ])('refuses %s=%j', (name, value) => {
    onlyLine({ [name]: value }, name);
  });

  it('reads booleans as Go strconv.ParseBool does', () => {
    for (const value of ['1', 't', 'T', 'true', 'TRUE', 'True']) {
      expect(load({ INSTALL_DEPENDENCIES: value }).fault.installDependencies).toBe(true);
    }
    for (const value of ['0', 'f', 'F', 'false', 'FALSE', 'False']) {
      expect(load({ INSTALL_DEPENDENCIES: value }).fault.installDependencies).toBe(false);
    }
  });

  it('takes file paths as data: never run by a shell, only control characters refused', () => {
    expect(load({ PROBES_FILE: '/probes/$(id).yaml' }).output.probesFile).toBe(
      '/probes/$(id).yaml',
    );
    onlyLine({ PROBES_FILE: '/probes\n.yaml' }, 'PROBES_FILE');
    onlyLine({ CHAOS_RESULT_FILE: '/tmp/\u0007' }, 'CHAOS_RESULT_FILE');
    onlyLine(
      { AWS_SHARED_CREDENTIALS_FILE: `/${'a'.repeat(4096)}` },
      'AWS_SHARED_CREDENTIALS_FILE',
    );
  });
});

describe('TERMINATION_GRACE_PERIOD_SECONDS', () => {
  it("reads the runner's 0 (engine without terminationGracePeriodSeconds) as Kubernetes' 30 s, and says so", () => {
    const config = load({ TERMINATION_GRACE_PERIOD_SECONDS: '0' });
    expect(config.litmus.terminationGracePeriodSeconds).toBe(30);
    expect(config.notices).toEqual([expect.stringContaining('TERMINATION_GRACE_PERIOD_SECONDS=0')]);
  });

  it('keeps any other value as given', () => {
    expect(
      load({ TERMINATION_GRACE_PERIOD_SECONDS: '7' }).litmus.terminationGracePeriodSeconds,
    ).toBe(7);
  });
});
