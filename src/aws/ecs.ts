import {
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  type ECSClient,
  type Failure,
} from '@aws-sdk/client-ecs';
import type { EcsApi } from '../experiment/aws-api.js';
import type {
  ClusterInfo,
  ContainerInstanceInfo,
  DescribeResult,
  ServiceInfo,
  TaskInfo,
} from '../experiment/types.js';
import { call, chunks, mapLimited, type CallScope } from './clients.js';
import { containerInstanceOf, taskOf } from './ecs-map.js';

/** DescribeTasks and DescribeContainerInstances take at most 100 per call (docs/reference/aws.md). */
export const ECS_BATCH = 100;
/**
 * Batches described side by side: 5,000 tasks are 50 DescribeTasks. Four at a time stays
 * inside ECS's documented bucket for these reads (100, then 20 a second) after the ListTasks
 * pages that precede them, the SDK's adaptive retry catching the rest (ADR 0192).
 */
const ECS_CONCURRENCY = 4;

const missingOf = (failures: readonly Failure[] | undefined) =>
  (failures ?? []).map((failure) => ({
    ref: failure.arn ?? '',
    reason: failure.reason ?? 'unknown',
  }));

/** EcsApi on the real SDK: pages followed, batches of 100, failures as ChaosErrors. */
export class EcsAdapter implements EcsApi {
  constructor(
    private readonly client: ECSClient,
    private readonly scope: CallScope,
  ) {}

  async describeCluster(cluster: string): Promise<ClusterInfo | undefined> {
    const out = await call(
      { action: 'ecs:DescribeClusters', target: cluster },
      this.scope,
      (options) => this.client.send(new DescribeClustersCommand({ clusters: [cluster] }), options),
    );
    const found = out.clusters?.[0];
    if (found === undefined) return undefined;
    return {
      arn: found.clusterArn ?? '',
      name: found.clusterName ?? '',
      status: found.status ?? 'UNKNOWN',
    };
  }

  async describeService(cluster: string, service: string): Promise<ServiceInfo | undefined> {
    const out = await call(
      { action: 'ecs:DescribeServices', target: service },
      this.scope,
      (options) =>
        this.client.send(new DescribeServicesCommand({ cluster, services: [service] }), options),
    );
    const found = out.services?.[0];
    if (found === undefined) return undefined;
    return {
      arn: found.serviceArn ?? '',
      name: found.serviceName ?? service,
      status: found.status ?? 'UNKNOWN',
      desiredCount: found.desiredCount ?? 0,
      runningCount: found.runningCount ?? 0,
      launchType: found.launchType,
    };
  }

  async listServiceTasks(cluster: string, service: string): Promise<readonly string[]> {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const out = await call({ action: 'ecs:ListTasks', target: service }, this.scope, (options) =>
        this.client.send(
          new ListTasksCommand({
            cluster,
            serviceName: service,
            desiredStatus: 'RUNNING',
            maxResults: ECS_BATCH,
            ...(nextToken === undefined ? {} : { nextToken }),
          }),
          options,
        ),
      );
      arns.push(...(out.taskArns ?? []));
      nextToken = out.nextToken;
    } while (nextToken !== undefined && nextToken !== '');
    return arns;
  }

  async describeTasks(
    cluster: string,
    tasks: readonly string[],
  ): Promise<DescribeResult<TaskInfo>> {
    const found: TaskInfo[] = [];
    const missing: { ref: string; reason: string }[] = [];
    const outs = await mapLimited(chunks(tasks, ECS_BATCH), ECS_CONCURRENCY, (batch) =>
      call({ action: 'ecs:DescribeTasks', target: cluster }, this.scope, (options) =>
        this.client.send(new DescribeTasksCommand({ cluster, tasks: batch }), options),
      ),
    );
    for (const out of outs) {
      found.push(...(out.tasks ?? []).map(taskOf));
      missing.push(...missingOf(out.failures));
    }
    return { found, missing };
  }

  async describeContainerInstances(
    cluster: string,
    containerInstanceArns: readonly string[],
  ): Promise<DescribeResult<ContainerInstanceInfo>> {
    const found: ContainerInstanceInfo[] = [];
    const missing: { ref: string; reason: string }[] = [];
    const outs = await mapLimited(
      chunks(containerInstanceArns, ECS_BATCH),
      ECS_CONCURRENCY,
      (batch) =>
        call({ action: 'ecs:DescribeContainerInstances', target: cluster }, this.scope, (options) =>
          this.client.send(
            new DescribeContainerInstancesCommand({ cluster, containerInstances: batch }),
            options,
          ),
        ),
    );
    for (const out of outs) {
      found.push(...(out.containerInstances ?? []).map(containerInstanceOf));
      missing.push(...missingOf(out.failures));
    }
    return { found, missing };
  }
}
