import type {
  ContainerInfo,
  InstanceInfo,
  NetworkMode,
  Target,
  TaskInfo,
} from '../../../src/experiment/types.js';

export const CLUSTER = 'prod';
export const ACCOUNT = '123456789012';
const PREFIX = `arn:aws:ecs:us-east-1:${ACCOUNT}`;

export const taskId = (n: number): string => n.toString(16).padStart(32, '0');
export const taskArn = (n: number): string => `${PREFIX}:task/${CLUSTER}/${taskId(n)}`;
export const instanceArn = (n: number): string =>
  `${PREFIX}:container-instance/${CLUSTER}/${n.toString(16).padStart(32, 'c')}`;
export const ec2Id = (n: number): string => `i-${n.toString(16).padStart(17, '0')}`;
export const dockerId = (n: number): string => n.toString(16).padStart(64, 'd');

export function container(
  name: string,
  port?: number,
  extra: Partial<ContainerInfo> = {},
): ContainerInfo {
  return {
    name,
    runtimeId: dockerId(name.length),
    lastStatus: 'RUNNING',
    networkBindings:
      port === undefined ? [] : [{ containerPort: port, hostPort: 32768 + port, protocol: 'tcp' }],
    networkInterfaces: [],
    ...extra,
  };
}

export interface TaskOptions {
  readonly instance?: number;
  readonly networkMode?: NetworkMode;
  readonly launchType?: string | undefined;
  readonly lastStatus?: string;
  readonly group?: string | undefined;
  readonly containers?: readonly ContainerInfo[];
}

/** Task n: a RUNNING EC2 bridge task of service `checkout`, its app on port 80. */
export function task(n: number, options: TaskOptions = {}): TaskInfo {
  const fargate = options.launchType === 'FARGATE';
  return {
    arn: taskArn(n),
    id: taskId(n),
    clusterArn: `${PREFIX}:cluster/${CLUSTER}`,
    launchType: 'launchType' in options ? options.launchType : 'EC2',
    lastStatus: options.lastStatus ?? 'RUNNING',
    containerInstanceArn: fargate ? undefined : instanceArn(options.instance ?? n),
    group: 'group' in options ? options.group : 'service:checkout',
    networkMode: options.networkMode ?? 'bridge',
    containers: options.containers ?? [container('app', 80)],
  };
}

export function instances(...numbers: number[]): Map<string, InstanceInfo> {
  return new Map(
    numbers.map((n) => [
      instanceArn(n),
      { containerInstanceArn: instanceArn(n), ec2InstanceId: ec2Id(n), ssmPingStatus: 'Online' },
    ]),
  );
}

/** A target as selection makes it, for planning and payload tests. */
export function target(n: number, instance: number, containerName = 'app'): Target {
  return {
    taskArn: taskArn(n),
    taskId: taskId(n),
    clusterName: CLUSTER,
    instanceId: ec2Id(instance),
    containerInstanceArn: instanceArn(instance),
    containerName,
    runtimeId: dockerId(n),
    networkMode: 'bridge',
  };
}
