import { describe, expect, it } from '@jest/globals';
import { ChaosError } from '../../../src/errors/chaos-error.js';
import { resolveInstances } from '../../../src/experiment/instances.js';
import { explicitPopulation, servicePopulation } from '../../../src/experiment/population.js';
import type { ContainerInstanceInfo, ManagedInstanceInfo } from '../../../src/experiment/types.js';
import { ACCOUNT, CLUSTER, ec2Id, instanceArn, task, taskArn, taskId } from './fixtures.js';

function thrown(action: () => unknown): ChaosError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ChaosError);
    return error as ChaosError;
  }
  throw new Error('expected a ChaosError');
}

describe('a service population', () => {
  it('keeps RUNNING EC2 tasks and says what it skipped', () => {
    const population = servicePopulation('checkout', [
      task(1),
      task(2, { launchType: undefined }),
      task(3, { launchType: 'FARGATE' }),
      task(4, { launchType: 'FARGATE' }),
      task(5, { lastStatus: 'PROVISIONING' }),
    ]);
    expect(population.eligible.map((t) => t.arn)).toEqual([taskArn(1), taskArn(2)]);
    expect(population.notices).toEqual([
      'skipped 2 RUNNING task(s) of service checkout not on EC2 (FARGATE×2): this fault supports the EC2 launch type only',
      'skipped 1 task(s) of service checkout not RUNNING ("PROVISIONING"×1)',
    ]);
  });

  it('refuses a Fargate-only service clearly', () => {
    const error = thrown(() =>
      servicePopulation('checkout', [
        task(1, { launchType: 'FARGATE' }),
        task(2, { launchType: 'FARGATE' }),
      ]),
    );
    expect(error.code).toBe('TARGET_SELECTION_ERROR');
    expect(error.reason).toBe(
      'service checkout has no RUNNING task on the EC2 launch type:\n  found: FARGATE "RUNNING"×2',
    );
    expect(error.fix).toContain('EC2 launch type');
  });

  it('refuses a service without tasks', () => {
    expect(thrown(() => servicePopulation('checkout', [])).reason).toContain('found: no tasks');
  });
});

describe('named tasks', () => {
  const described = (...tasks: ReturnType<typeof task>[]) => ({ found: tasks, missing: [] });

  it('accepts RUNNING EC2 tasks by ID or ARN', () => {
    const population = explicitPopulation(
      [taskId(1), taskArn(2)],
      'checkout',
      described(task(1), task(2)),
    );
    expect(population.eligible.map((t) => t.arn)).toEqual([taskArn(1), taskArn(2)]);
  });

  it('lists every task that cannot be targeted, and why', () => {
    const error = thrown(() =>
      explicitPopulation([taskId(1), taskId(2), taskId(3), taskId(4), taskId(5)], 'checkout', {
        found: [
          task(1, { launchType: 'FARGATE' }),
          task(2, { lastStatus: 'STOPPED' }),
          task(3, { group: 'service:billing' }),
          task(4, { group: undefined }),
        ],
        missing: [{ ref: taskArn(5), reason: 'MISSING' }],
      }),
    );
    expect(error.reason.split('\n')).toEqual([
      '5 of the tasks in TASK_REPLICA_ID cannot be targeted:',
      `  task ${taskArn(1)}: launch type FARGATE is not supported (EC2 only)`,
      `  task ${taskArn(2)}: lastStatus is "STOPPED", not RUNNING`,
      `  task ${taskArn(3)}: belongs to "service:billing", not to SERVICE_NAME=checkout`,
      `  task ${taskArn(4)}: belongs to no service, not to SERVICE_NAME=checkout`,
      `  task ${taskId(5)}: not found in the cluster (ECS: "MISSING")`,
    ]);
  });

  it('does not check membership without a service', () => {
    expect(
      explicitPopulation([taskId(1)], undefined, described(task(1, { group: undefined }))).eligible,
    ).toHaveLength(1);
  });
});

describe('resolveInstances', () => {
  const containerInstances = (...numbers: number[]) => ({
    found: numbers.map((n): ContainerInstanceInfo => ({
      arn: instanceArn(n),
      ec2InstanceId: ec2Id(n),
      status: 'ACTIVE',
    })),
    missing: [],
  });
  const managed = (n: number, extra: Partial<ManagedInstanceInfo> = {}): ManagedInstanceInfo => ({
    instanceId: ec2Id(n),
    pingStatus: 'Online',
    platformType: 'Linux',
    ...extra,
  });

  it('maps container instances to Online SSM-managed EC2 instances', () => {
    const resolved = resolveInstances(
      [task(1), task(2), task(3, { instance: 1 })],
      containerInstances(1, 2),
      [managed(1), managed(2)],
    );
    expect([...resolved.values()]).toEqual([
      { containerInstanceArn: instanceArn(1), ec2InstanceId: ec2Id(1), ssmPingStatus: 'Online' },
      { containerInstanceArn: instanceArn(2), ec2InstanceId: ec2Id(2), ssmPingStatus: 'Online' },
    ]);
  });

  it('names every instance SSM cannot reach, with its tasks', () => {
    const error = thrown(() =>
      resolveInstances(
        [
          task(1),
          task(2),
          task(3),
          task(4),
          task(5),
          task(6, { instance: 1 }),
          task(7, { instance: 1 }),
          task(8, { instance: 1 }),
        ],
        {
          found: [
            ...containerInstances(1, 2, 3, 4).found,
            { arn: instanceArn(5), ec2InstanceId: undefined, status: 'ACTIVE' },
          ],
          missing: [],
        },
        [
          managed(2, { pingStatus: 'ConnectionLost' }),
          managed(3, { platformType: 'Windows' }),
          managed(4),
        ],
      ),
    );
    expect(error.code).toBe('PREFLIGHT_ERROR');
    expect(error.phase).toBe('preflight');
    expect(error.reason.split('\n')).toEqual([
      '4 container instance(s) cannot be reached through SSM:',
      `  instance ${ec2Id(1)}: not managed by SSM (not in DescribeInstanceInformation) (tasks: ${taskArn(1)}, ${taskArn(6)}, ${taskArn(7)} and 1 more)`,
      `  instance ${ec2Id(2)}: SSM PingStatus is ConnectionLost, not Online (tasks: ${taskArn(2)})`,
      `  instance ${ec2Id(3)}: platform "Windows" is not supported (Linux only) (tasks: ${taskArn(3)})`,
      `  container instance ${instanceArn(5)}: ECS reports no EC2 instance ID (tasks: ${taskArn(5)})`,
    ]);
  });

  it('names a container instance ECS does not know and a malformed instance ID', () => {
    const error = thrown(() =>
      resolveInstances(
        [task(1), task(2)],
        {
          found: [{ arn: instanceArn(2), ec2InstanceId: 'i-$(id)', status: 'ACTIVE' }],
          missing: [],
        },
        [],
      ),
    );
    expect(error.reason).toContain(
      `container instance ${instanceArn(1)}: not found by DescribeContainerInstances`,
    );
    expect(error.reason).toContain(
      `container instance ${instanceArn(2)}: malformed EC2 instance ID "i-$(id)"`,
    );
  });
});

describe('servicePopulation checks what ListTasks returned (ADR 0157)', () => {
  const CLUSTER_ARN = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/${CLUSTER}`;

  it('leaves out a task of another service or another cluster, and names each', () => {
    const population = servicePopulation(
      'checkout',
      [
        task(1),
        task(2, { group: 'service:payments' }),
        { ...task(3), clusterArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/staging` },
        task(4, { group: undefined }),
      ],
      CLUSTER_ARN,
    );
    expect(population.eligible.map((one) => one.arn)).toEqual([taskArn(1)]);
    const [notice] = population.notices;
    expect(notice).toMatch(/^left out 3 task\(s\)/);
    expect(notice).toContain(`${taskArn(2)} (group "service:payments"`);
    expect(notice).toContain('cluster/staging');
  });

  it('refuses the run when nothing of the service is left', () => {
    expect(() =>
      servicePopulation('checkout', [task(2, { group: 'service:payments' })], CLUSTER_ARN),
    ).toThrow(/has no RUNNING task on the EC2 launch type/);
  });
});
