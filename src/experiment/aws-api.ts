import type {
  ClusterInfo,
  ContainerInstanceInfo,
  DescribeResult,
  ManagedInstanceInfo,
  ServiceInfo,
  TaskInfo,
} from './types.js';

/**
 * What the phases need from the outside world. src/aws/ implements EcsApi and SsmApi
 * with the SDK; unit tests pass small fakes. Adapters translate SDK failures into
 * ChaosError (AccessDenied names the IAM action; throttling is retried inside, adaptively),
 * so the domain never sees an SDK type.
 */

export interface EcsApi {
  /** DescribeClusters for one cluster; undefined when ECS reports it missing. */
  describeCluster(cluster: string): Promise<ClusterInfo | undefined>;
  /** DescribeServices for one service; undefined when missing (or INACTIVE → status says so). */
  describeService(cluster: string, service: string): Promise<ServiceInfo | undefined>;
  /** ListTasks(serviceName, desiredStatus RUNNING), every page followed. */
  listServiceTasks(cluster: string, service: string): Promise<readonly string[]>;
  /** DescribeTasks in batches of 100; IDs or ARNs ECS cannot find come back in `missing`. */
  describeTasks(cluster: string, tasks: readonly string[]): Promise<DescribeResult<TaskInfo>>;
  /** DescribeContainerInstances in batches of 100. */
  describeContainerInstances(
    cluster: string,
    containerInstanceArns: readonly string[],
  ): Promise<DescribeResult<ContainerInstanceInfo>>;
}

export interface SendCommandRequest {
  readonly instanceIds: readonly string[];
  /** AWS-RunShellScript `commands`: exactly the two elements of ADR 0002. */
  readonly commands: readonly [string, string];
  /** SendCommand TimeoutSeconds (delivery), 30..; short so a command cannot run late. */
  readonly deliveryTimeoutSeconds: number;
  /** The document's `executionTimeout` parameter. */
  readonly executionTimeoutSeconds: number;
  /** ≤ 100 characters; carries the chaos id and the mode for people reading the console. */
  readonly comment: string;
}

/** GetCommandInvocation's Status values (StatusDetails carries the finer text). */
export type InvocationStatus =
  | 'Pending'
  | 'InProgress'
  | 'Delayed'
  | 'Success'
  | 'Cancelled'
  | 'TimedOut'
  | 'Failed'
  | 'Cancelling';

export interface Invocation {
  readonly status: InvocationStatus;
  readonly statusDetails: string;
  /** -1 until the command ran. */
  readonly responseCode: number;
  /** The first 24,000 characters of stdout, empty until the command ends. */
  readonly stdout: string;
  readonly stderr: string;
}

/** One row of ListCommandInvocations: the status, and the plugin's output when listed with it. */
export interface InvocationSummary {
  readonly instanceId: string;
  readonly status: InvocationStatus;
  readonly statusDetails: string;
  /** The command the row belongs to (always set by the account-wide listing). */
  readonly commandId?: string;
  /**
   * The plugin's `Output` (Details=true): stdout, then stderr under the agent's ERROR banner,
   * cut at about 2,500 characters with a "---Output truncated---" mark (ADR 0192).
   */
  readonly output?: string;
  readonly responseCode?: number;
}

/** One page of the account's recent invocations, listed with their output (ADR 0192). */
export interface InvocationPage {
  readonly rows: readonly InvocationSummary[];
  /** Absent on the last page. */
  readonly nextToken?: string;
}

export interface SsmApi {
  /** DescribeInstanceInformation filtered by these IDs; instances unknown to SSM are absent. */
  describeInstances(instanceIds: readonly string[]): Promise<readonly ManagedInstanceInfo[]>;
  sendCommand(
    request: SendCommandRequest,
  ): Promise<{ readonly commandId: string; readonly requestedAt?: number }>;
  /**
   * ListCommandInvocations of one command, every page: one call per poll round for up to
   * 50 instances. Invocations SSM does not show yet are simply absent.
   */
  listInvocations(commandId: string): Promise<readonly InvocationSummary[]>;
  /**
   * One page (50) of ListCommandInvocations of every AWS-RunShellScript command requested
   * since `sinceMs` (SSM's clock): many small commands followed in a few calls (ADR 0192).
   */
  listRecentInvocations?(sinceMs: number, nextToken?: string): Promise<InvocationPage>;
  /** Undefined while SSM answers InvocationDoesNotExist (normal right after SendCommand). */
  getInvocation(commandId: string, instanceId: string): Promise<Invocation | undefined>;
  cancelCommand(commandId: string, instanceIds?: readonly string[]): Promise<void>;
  /**
   * Whether the identity may call `action`, found by a harmless read about a command that
   * does not exist (ADR 0154): false only when AWS answers AccessDenied.
   */
  mayCall(action: ProbedAction, instanceId: string): Promise<boolean>;
}

/** The SSM reads preflight tries before anything is sent. */
export type ProbedAction = 'ssm:ListCommandInvocations' | 'ssm:GetCommandInvocation';
