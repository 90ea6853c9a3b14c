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

const MODES: readonly NetworkMode[] = ['bridge', 'awsvpc', 'host', 'none'];

/** The task definition's networkMode; absent means bridge on EC2 (ECS's default). */
export function networkModeOf(value: string | undefined): NetworkMode {
  if (value === undefined) return 'bridge';
  const mode = MODES.find((known) => known === value);
  // An unknown future mode is refused downstream like `none`, never guessed as bridge.
  return mode ?? 'none';
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

export function taskOf(task: Task, networkMode: NetworkMode): TaskInfo {
  const arn = task.taskArn ?? '';
  return {
    arn,
    id: lastSegment(arn),
    clusterArn: task.clusterArn ?? '',
    launchType: task.launchType,
    lastStatus: task.lastStatus ?? 'UNKNOWN',
    containerInstanceArn: task.containerInstanceArn,
    group: task.group,
    networkMode,
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
