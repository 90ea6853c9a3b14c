/**
 * The ECS API's shapes of clusters, services and container instances, built from
 * the state on every call (timestamps as epoch seconds, as AWS JSON 1.1 sends them).
 */
import type { ContainerInstanceFixture, ServiceFixture } from '../fixture.js';
import { isRunning, type ClusterState, type EmulatorState, type TaskState } from '../state.js';

export const epoch = (ms: number): number => ms / 1000;

export function networkModeOf(task: TaskState): string {
  return task.networkMode ?? (task.launchType === 'FARGATE' ? 'awsvpc' : 'bridge');
}

const countWith = (tasks: TaskState[], status: string) =>
  tasks.filter((task) => (task.lastStatus ?? 'RUNNING') === status).length;

export function renderCluster(cluster: ClusterState, state: EmulatorState) {
  const services = cluster.services ?? [];
  return {
    clusterArn: state.arns.cluster(cluster.name),
    clusterName: cluster.name,
    status: cluster.status ?? 'ACTIVE',
    registeredContainerInstancesCount: (cluster.containerInstances ?? []).length,
    runningTasksCount: countWith(cluster.tasks, 'RUNNING'),
    pendingTasksCount: countWith(cluster.tasks, 'PENDING'),
    activeServicesCount: services.filter((s) => (s.status ?? 'ACTIVE') === 'ACTIVE').length,
    statistics: [],
    tags: [],
    settings: [{ name: 'containerInsights', value: 'disabled' }],
    capacityProviders: [],
    defaultCapacityProviderStrategy: [],
  };
}

export function renderService(
  cluster: ClusterState,
  service: ServiceFixture,
  state: EmulatorState,
) {
  const tasks = cluster.tasks.filter((task) => task.service === service.name);
  const definition = service.taskDefinition ?? tasks[0]?.taskDefinition ?? `${service.name}:1`;
  const counts = {
    desiredCount: service.desiredCount ?? tasks.filter(isRunning).length,
    runningCount: countWith(tasks, 'RUNNING'),
    pendingCount: countWith(tasks, 'PENDING'),
  };
  const launchType = service.launchType ?? tasks[0]?.launchType ?? 'EC2';
  return {
    serviceArn: state.arns.service(cluster.name, service.name),
    serviceName: service.name,
    clusterArn: state.arns.cluster(cluster.name),
    status: service.status ?? 'ACTIVE',
    ...counts,
    launchType,
    taskDefinition: state.arns.taskDefinition(definition),
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    deployments: [
      {
        id: `ecs-svc/${digitsOf(service.name)}`,
        status: 'PRIMARY',
        taskDefinition: state.arns.taskDefinition(definition),
        ...counts,
        launchType,
        rolloutState: 'COMPLETED',
      },
    ],
    events: [],
    loadBalancers: [],
    serviceRegistries: [],
    placementConstraints: [],
    placementStrategy: [],
  };
}

export function renderContainerInstance(
  cluster: ClusterState,
  instance: ContainerInstanceFixture,
  state: EmulatorState,
) {
  const tasks = cluster.tasks.filter((task) => task.containerInstanceId === instance.id);
  return {
    containerInstanceArn: state.arns.containerInstance(cluster.name, instance.id),
    ec2InstanceId: instance.ec2InstanceId,
    status: instance.status ?? 'ACTIVE',
    agentConnected: instance.agentConnected ?? true,
    runningTasksCount: countWith(tasks, 'RUNNING'),
    pendingTasksCount: countWith(tasks, 'PENDING'),
    versionInfo: {
      agentVersion: '1.88.0',
      agentHash: 'emulated',
      dockerVersion: 'DockerVersion: 20.10.25',
    },
    attributes: [{ name: 'ecs.os-type', value: 'linux' }],
    registeredResources: [],
    remainingResources: [],
    attachments: [],
    tags: [],
  };
}

export function familyOf(task: { taskDefinition: string }): string {
  return task.taskDefinition.split(':')[0] ?? task.taskDefinition;
}

export function digitsOf(text: string): string {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) % 1e12;
  return String(hash).padStart(12, '0');
}
