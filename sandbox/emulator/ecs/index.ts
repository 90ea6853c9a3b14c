/** The ECS operations the emulator answers (AWS JSON 1.1, target prefix below). */
import { ecsInvalid } from './common.js';
import type { ServiceDefinition } from '../service.js';
import {
  describeClusters,
  describeContainerInstances,
  describeServices,
  listContainerInstances,
} from './clusters.js';
import { describeTaskDefinition, describeTasks, listTasks } from './tasks.js';

export const ECS_TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113';

export const ecsService: ServiceDefinition = {
  name: 'ecs',
  operations: {
    DescribeClusters: describeClusters,
    DescribeServices: describeServices,
    ListTasks: listTasks,
    DescribeTasks: describeTasks,
    ListContainerInstances: listContainerInstances,
    DescribeContainerInstances: describeContainerInstances,
    DescribeTaskDefinition: describeTaskDefinition,
  },
  invalid: (member, value, rule) =>
    ecsInvalid(`${member}: ${rule} (got ${JSON.stringify(value)}).`),
  resourceOf: (_operation, ctx) => {
    const cluster = ctx.input.string('cluster') ?? 'default';
    return cluster.startsWith('arn:') ? cluster : ctx.state.arns.cluster(cluster);
  },
};
