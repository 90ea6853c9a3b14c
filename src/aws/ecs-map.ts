import type { Container, ContainerInstance, NetworkBinding, Task } from '@aws-sdk/client-ecs';
import type {
  ContainerInfo,
  ContainerInstanceInfo,
  NetworkBinding as DomainBinding,
  NetworkMode,
  TaskInfo,
} from '../experiment/types.js';

/** The last segment of an ARN: the task id of a task ARN. */
export function lastSegment(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/**
 * The network mode, from DescribeTasks alone (ADR 0154): the task definition's networkMode
 * would need ecs:DescribeTaskDefinition, which the fault's published policy lacks. awsvpc
 * shows as an ElasticNetworkInterface attachment and as containers' networkInterfaces;
 * anything else is read as bridge. Host mode looks the same as bridge with static ports
 * here: the host script refuses it from `docker inspect` (HostConfig.NetworkMode), and a
 * task with no binding of the target port (mode none) is refused at selection.
 */
export function networkModeOfTask(task: Task): NetworkMode {
  const eni = (task.attachments ?? []).some(
    (attachment) => attachment.type === 'ElasticNetworkInterface',
  );
  const interfaces = (task.containers ?? []).some(
    (container) => (container.networkInterfaces ?? []).length > 0,
  );
  return eni || interfaces ? 'awsvpc' : 'bridge';
}

function bindingOf(binding: NetworkBinding): DomainBinding {
  const protocol =
    binding.protocol === 'udp' ? 'udp' : binding.protocol === 'tcp' ? 'tcp' : undefined;
  return { containerPort: binding.containerPort, hostPort: binding.hostPort, protocol };
}

function containerOf(container: Container): ContainerInfo {
  return {
    name: container.name ?? '',
    runtimeId: container.runtimeId,
    lastStatus: container.lastStatus,
    networkBindings: (container.networkBindings ?? []).map(bindingOf),
    networkInterfaces: (container.networkInterfaces ?? []).map((eni) => ({
      privateIpv4Address: eni.privateIpv4Address,
    })),
  };
}

/** App Mesh's Envoy image, as AWS publishes it (ECR, public and regional). */
const APP_MESH_ENVOY = /(^|\/)aws-appmesh-envoy(:|@|$)/;
const SERVICE_CONNECT_CONTAINER = /^ecs-service-connect-/;

/**
 * A mesh proxy that reaches the app over `lo` (ADR 0156): ECS Service Connect shows as a
 * `ServiceConnect` attachment naming its container (ecs-service-connect-…); App Mesh as an
 * Envoy container of the aws-appmesh-envoy image.
 */
export function meshProxyOf(task: Task): string | undefined {
  const connect = serviceConnectOf(task);
  if (connect !== undefined) return `ECS Service Connect (proxy container ${connect})`;
  const envoy = (task.containers ?? []).find((one) => APP_MESH_ENVOY.test(one.image ?? ''));
  if (envoy === undefined) return undefined;
  return `App Mesh (Envoy container ${envoy.name ?? 'unnamed'}, image ${envoy.image ?? ''})`;
}

/** The Service Connect proxy container's name, 'unnamed' when only the attachment shows. */
function serviceConnectOf(task: Task): string | undefined {
  const attachment = (task.attachments ?? []).find((one) => one.type === 'ServiceConnect');
  const named = attachment?.details?.find((detail) => detail.name === 'ContainerName')?.value;
  const container = (task.containers ?? []).find((one) =>
    SERVICE_CONNECT_CONTAINER.test(one.name ?? ''),
  );
  const name = named ?? container?.name;
  return name ?? (attachment === undefined ? undefined : 'unnamed');
}

export function taskOf(task: Task): TaskInfo {
  const arn = task.taskArn ?? '';
  return {
    arn,
    id: lastSegment(arn),
    clusterArn: task.clusterArn ?? '',
    launchType: task.launchType,
    lastStatus: task.lastStatus ?? 'UNKNOWN',
    containerInstanceArn: task.containerInstanceArn,
    group: task.group,
    networkMode: networkModeOfTask(task),
    containers: (task.containers ?? []).map(containerOf),
    ...optional('meshProxy', meshProxyOf(task)),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

export function containerInstanceOf(instance: ContainerInstance): ContainerInstanceInfo {
  return {
    arn: instance.containerInstanceArn ?? '',
    ec2InstanceId: instance.ec2InstanceId,
    status: instance.status,
  };
}
