/**
 * Plain domain views of what ECS and SSM report, filled by the adapters in src/aws/.
 * Only the fields the phases read; nothing here is an SDK type.
 */

export type NetworkMode = 'bridge' | 'awsvpc' | 'host' | 'none';

export interface NetworkBinding {
  readonly containerPort: number | undefined;
  readonly hostPort: number | undefined;
  readonly protocol: 'tcp' | 'udp' | undefined;
}

export interface ContainerInfo {
  readonly name: string;
  /** The Docker container ID, when ECS reported it. */
  readonly runtimeId: string | undefined;
  readonly lastStatus: string | undefined;
  readonly networkBindings: readonly NetworkBinding[];
  readonly networkInterfaces: readonly { readonly privateIpv4Address: string | undefined }[];
}

export interface TaskInfo {
  readonly arn: string;
  readonly id: string;
  readonly clusterArn: string;
  /** EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES …; undefined when ECS omitted it. */
  readonly launchType: string | undefined;
  readonly lastStatus: string;
  /** Absent on Fargate. */
  readonly containerInstanceArn: string | undefined;
  /** `service:<name>` for tasks a service started. */
  readonly group: string | undefined;
  /** From DescribeTasks: an ENI means awsvpc, else bridge (ADR 0154). */
  readonly networkMode: NetworkMode;
  readonly containers: readonly ContainerInfo[];
  /**
   * A proxy ECS or App Mesh put in the task, which reaches the app over `lo` where a
   * PREROUTING redirect never applies (ADR 0156), in words: undefined when none is seen.
   */
  readonly meshProxy?: string;
}

export interface ContainerInstanceInfo {
  readonly arn: string;
  readonly ec2InstanceId: string | undefined;
  readonly status: string | undefined;
}

export type PingStatus = 'Online' | 'ConnectionLost' | 'Inactive';

export interface ManagedInstanceInfo {
  readonly instanceId: string;
  readonly pingStatus: PingStatus;
  /** Linux, Windows, MacOS. */
  readonly platformType: string | undefined;
  /** Amazon Linux, Ubuntu, Bottlerocket (SSM agent 3.1.1080+ on Bottlerocket 1.7+) … */
  readonly platformName?: string;
}

/** A container instance joined with what SSM knows of its EC2 instance. */
export interface InstanceInfo {
  readonly containerInstanceArn: string;
  readonly ec2InstanceId: string;
  readonly ssmPingStatus: PingStatus;
}

export interface DescribeResult<T> {
  readonly found: readonly T[];
  /** What ECS listed under `failures`: the ID or ARN asked for and its reason (MISSING …). */
  readonly missing: readonly { readonly ref: string; readonly reason: string }[];
}

export interface ClusterInfo {
  readonly arn: string;
  readonly name: string;
  /** ACTIVE, PROVISIONING, DEPROVISIONING, FAILED, INACTIVE. */
  readonly status: string;
}

export interface ServiceInfo {
  readonly arn: string;
  readonly name: string;
  /** ACTIVE, DRAINING, INACTIVE. */
  readonly status: string;
  readonly desiredCount: number;
  readonly runningCount: number;
  readonly launchType: string | undefined;
}

/** One proxy to start: a task's container (bridge) or its shared namespace (awsvpc). */
export interface Target {
  readonly taskArn: string;
  readonly taskId: string;
  readonly clusterName: string;
  readonly instanceId: string;
  readonly containerInstanceArn: string;
  readonly containerName: string;
  readonly runtimeId: string | undefined;
  readonly networkMode: 'bridge' | 'awsvpc';
}
