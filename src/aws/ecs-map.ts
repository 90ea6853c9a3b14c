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
  };
}

export function containerInstanceOf(instance: ContainerInstance): ContainerInstanceInfo {
  return {
    arn: instance.containerInstanceArn ?? '',
    ec2InstanceId: instance.ec2InstanceId,
    status: instance.status,
  };
}
