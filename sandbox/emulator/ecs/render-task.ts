/** The ECS API's shape of a task and its containers (the fields the executor reads). */
import type { ContainerFixture } from '../fixture.js';
import type { ClusterState, EmulatorState, TaskState } from '../state.js';
import { digitsOf, epoch, familyOf, networkModeOf } from './render.js';

/** Absent values stay absent on the wire: JSON.stringify drops undefined members. */
const epochOrAbsent = (ms: number | undefined) => (ms === undefined ? undefined : epoch(ms));

function launchFields(task: TaskState) {
  const fargate = task.launchType === 'FARGATE';
  return {
    launchType: task.launchType,
    platformVersion: fargate ? '1.4.0' : undefined,
    platformFamily: fargate ? 'Linux' : undefined,
  };
}

function origin(task: TaskState) {
  const service = task.service;
  return service === undefined
    ? { group: `family:${familyOf(task)}` }
    : { group: `service:${service}`, startedBy: `ecs-svc/${digitsOf(service)}` };
}

function timeFields(task: TaskState) {
  const { times } = task;
  return {
    createdAt: epoch(times.createdAt),
    startedAt: epochOrAbsent(times.startedAt),
    stoppedAt: epochOrAbsent(times.stoppedAt),
    stoppedReason: times.stoppedReason,
    version: times.stoppedAt === undefined ? 2 : 3,
  };
}

export function renderTask(
  cluster: ClusterState,
  task: TaskState,
  state: EmulatorState,
  tags: boolean,
) {
  const { arns } = state;
  const taskArn = arns.task(cluster.name, task.id);
  const awsvpc = networkModeOf(task) === 'awsvpc';
  const instance = task.containerInstanceId;
  return {
    taskArn,
    clusterArn: arns.cluster(cluster.name),
    taskDefinitionArn: arns.taskDefinition(task.taskDefinition),
    containerInstanceArn:
      instance === undefined ? undefined : arns.containerInstance(cluster.name, instance),
    lastStatus: task.lastStatus ?? 'RUNNING',
    desiredStatus: task.desiredStatus ?? 'RUNNING',
    ...launchFields(task),
    ...origin(task),
    availabilityZone: task.availabilityZone ?? `${state.region}a`,
    connectivity: 'CONNECTED',
    ...timeFields(task),
    healthStatus: 'UNKNOWN',
    enableExecuteCommand: false,
    attachments: [
      ...(awsvpc && task.eni !== undefined ? [eniAttachment(task)] : []),
      ...serviceConnectAttachment(task),
    ],
    containers: task.containers.map((container) => ({
      ...renderContainer(container, task, awsvpc),
      containerArn: arns.container(cluster.name, task.id, container.name),
      taskArn,
    })),
    overrides: { containerOverrides: task.containers.map(({ name }) => ({ name })) },
    tags: tags
      ? Object.entries(task.tags ?? {}).map(([key, value]) => ({ key, value }))
      : undefined,
  };
}

function renderContainer(container: ContainerFixture, task: TaskState, awsvpc: boolean) {
  const eni = task.eni;
  return {
    name: container.name,
    image: container.image ?? `${container.name}:latest`,
    ...(container.runtimeId === undefined ? {} : { runtimeId: container.runtimeId }),
    lastStatus: container.lastStatus ?? task.lastStatus ?? 'RUNNING',
    healthStatus: container.healthStatus ?? 'UNKNOWN',
    networkBindings: (container.networkBindings ?? []).map((binding) => ({
      bindIP: binding.bindIP ?? '0.0.0.0',
      containerPort: binding.containerPort,
      hostPort: binding.hostPort,
      protocol: binding.protocol ?? 'tcp',
    })),
    networkInterfaces:
      awsvpc && eni !== undefined
        ? [{ attachmentId: eni.attachmentId, privateIpv4Address: eni.privateIpv4Address }]
        : [],
    cpu: '0',
  };
}

function eniAttachment(task: TaskState) {
  const eni = task.eni;
  if (eni === undefined) throw new Error('unreachable: awsvpc task without ENI');
  const details: Record<string, string | undefined> = {
    subnetId: eni.subnetId,
    networkInterfaceId: eni.networkInterfaceId,
    macAddress: eni.macAddress,
    privateIPv4Address: eni.privateIpv4Address,
  };
  return {
    id: eni.attachmentId,
    type: 'ElasticNetworkInterface',
    status: 'ATTACHED',
    details: Object.entries(details)
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([name, value]) => ({ name, value })),
  };
}

/** What ECS lists for a Service Connect task: an attachment naming its proxy container. */
function serviceConnectAttachment(task: TaskState) {
  const name = task.serviceConnectContainer;
  if (name === undefined) return [];
  const digits = digitsOf(`service-connect/${task.id}`);
  return [
    {
      id: `${digits.slice(0, 8)}-0000-4000-8000-${digits}`,
      type: 'ServiceConnect',
      status: 'ATTACHED',
      details: [{ name: 'ContainerName', value: name }],
    },
  ];
}
