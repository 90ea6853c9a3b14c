import type { EcsApi } from '../../../../src/experiment/aws-api.js';
import type {
  ClusterInfo,
  ContainerInstanceInfo,
  DescribeResult,
  ServiceInfo,
  TaskInfo,
} from '../../../../src/experiment/types.js';
import { ACCOUNT, CLUSTER, ec2Id, instanceArn } from '../../experiment/fixtures.js';

/** ECS by hand: one cluster, one service, the tasks given; every call counted. */
export class FakeEcs implements EcsApi {
  readonly calls: string[] = [];

  constructor(
    readonly tasks: TaskInfo[],
    readonly cluster: ClusterInfo | undefined = {
      arn: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/${CLUSTER}`,
      name: 'prod',
      status: 'ACTIVE',
    },
  ) {}

  describeCluster(): Promise<ClusterInfo | undefined> {
    this.calls.push('DescribeClusters');
    return Promise.resolve(this.cluster);
  }

  describeService(_cluster: string, service: string): Promise<ServiceInfo | undefined> {
    this.calls.push('DescribeServices');
    const info = {
      arn: `arn:service/${service}`,
      name: service,
      status: 'ACTIVE',
      desiredCount: this.tasks.length,
      runningCount: this.tasks.filter((task) => task.lastStatus === 'RUNNING').length,
      launchType: 'EC2',
    };
    return Promise.resolve(service === 'checkout' ? info : undefined);
  }

  listServiceTasks(): Promise<readonly string[]> {
    this.calls.push('ListTasks');
    return Promise.resolve(this.tasks.map((task) => task.arn));
  }

  describeTasks(_cluster: string, refs: readonly string[]): Promise<DescribeResult<TaskInfo>> {
    this.calls.push('DescribeTasks');
    const found = this.tasks.filter((task) => refs.includes(task.arn) || refs.includes(task.id));
    const missing = refs
      .filter((ref) => !found.some((task) => task.arn === ref || task.id === ref))
      .map((ref) => ({ ref, reason: 'MISSING' }));
    return Promise.resolve({ found, missing });
  }

  describeContainerInstances(
    _cluster: string,
    arns: readonly string[],
  ): Promise<DescribeResult<ContainerInstanceInfo>> {
    this.calls.push('DescribeContainerInstances');
    const found = arns.map((arn) => {
      const n = Number.parseInt(arn.slice(arn.lastIndexOf('/') + 1).replace(/^c+/, ''), 16);
      return { arn, ec2InstanceId: ec2Id(n), status: 'ACTIVE' };
    });
    return Promise.resolve({ found, missing: [] });
  }
}

export { ec2Id, instanceArn };
