/**
 * The seed of the emulator's world: a typed object (or the same shape as JSON) that tests
 * and `make demo` write. Only what the executor reads is modelled; every field carries the
 * name the ECS/SSM/STS APIs use so a fixture reads like the API answers it produces.
 */
export type PingStatus = 'Online' | 'ConnectionLost' | 'Inactive';
export type LaunchType = 'EC2' | 'FARGATE' | 'EXTERNAL';
export type NetworkMode = 'bridge' | 'awsvpc' | 'host' | 'none';

export interface EmulatorFixture {
  /** 12 digits; default 123456789012. */
  account?: string;
  /** The only region that holds resources; requests signed for another one see an empty world. */
  region: string;
  /** Known access keys. When absent every access key is accepted as an IAM user of that name. */
  principals?: PrincipalFixture[];
  /** Roles AssumeRole may return. When absent any role ARN of the account can be assumed. */
  roles?: RoleFixture[];
  clusters: ClusterFixture[];
  managedInstances?: ManagedInstanceFixture[];
}

export interface PrincipalFixture {
  accessKeyId: string;
  /** e.g. arn:aws:iam::123456789012:user/chaos */
  arn: string;
}

export interface RoleFixture {
  /** e.g. arn:aws:iam::123456789012:role/ChaosRole */
  arn: string;
  /** Seconds, 3600 by default as in IAM. */
  maxSessionDuration?: number;
  /** Principal ARNs allowed to assume it; absent = every known principal. */
  trustedPrincipalArns?: string[];
}

export interface ClusterFixture {
  name: string;
  status?: 'ACTIVE' | 'INACTIVE' | 'PROVISIONING';
  services?: ServiceFixture[];
  containerInstances?: ContainerInstanceFixture[];
  tasks?: TaskFixture[];
}

export interface ServiceFixture {
  name: string;
  desiredCount?: number;
  launchType?: LaunchType;
  status?: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  /** family:revision */
  taskDefinition?: string;
}

export interface ContainerInstanceFixture {
  /** The container instance id (the last ARN segment), e.g. 32 hex digits. */
  id: string;
  ec2InstanceId: string;
  status?: 'ACTIVE' | 'DRAINING' | 'REGISTERING' | 'DEREGISTERING' | 'INACTIVE';
  agentConnected?: boolean;
}

export interface TaskFixture {
  /** The task id (the last ARN segment), e.g. 32 hex digits. */
  id: string;
  /** family:revision */
  taskDefinition: string;
  launchType: LaunchType;
  /** The service that started it, if any. */
  service?: string;
  lastStatus?: string;
  desiredStatus?: 'RUNNING' | 'PENDING' | 'STOPPED';
  /** Absent on Fargate. */
  containerInstanceId?: string;
  networkMode?: NetworkMode;
  /** The task's ENI, for awsvpc. */
  eni?: EniFixture;
  /** ECS Service Connect: the `ServiceConnect` attachment naming this proxy container. */
  serviceConnectContainer?: string;
  availabilityZone?: string;
  containers: ContainerFixture[];
  tags?: Record<string, string>;
}

export interface EniFixture {
  attachmentId: string;
  networkInterfaceId: string;
  privateIpv4Address: string;
  subnetId?: string;
  macAddress?: string;
}

export interface ContainerFixture {
  name: string;
  image?: string;
  /** The Docker container id (64 hex) when ECS knows it. */
  runtimeId?: string;
  lastStatus?: string;
  healthStatus?: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
  networkBindings?: NetworkBindingFixture[];
}

export interface NetworkBindingFixture {
  containerPort: number;
  hostPort: number;
  protocol?: 'tcp' | 'udp';
  bindIP?: string;
}

export interface ManagedInstanceFixture {
  instanceId: string;
  pingStatus?: PingStatus;
  platformType?: 'Linux' | 'Windows' | 'MacOS';
  /** DescribeInstanceInformation's PlatformName: `Amazon Linux` by default; `Bottlerocket` … */
  platformName?: string;
  agentVersion?: string;
  ipAddress?: string;
  computerName?: string;
  /** Extra environment of commands run "on" this instance (DOCKER_HOST, ECS_HOST_DATA_DIR …). */
  env?: Record<string, string>;
  /** Default working directory of its commands; the orchestration directory when absent. */
  workingDirectory?: string;
  /**
   * Its host script is simulated in-process (ssm/simulated-host.ts, ADR 0191) instead of
   * run by `sh`: for hundreds of hosts; answers after the `hostDelayMs` knob.
   */
  simulated?: boolean;
}

export const DEFAULT_ACCOUNT = '123456789012';
