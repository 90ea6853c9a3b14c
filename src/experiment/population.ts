import { problemError, quote, tally } from './problems.js';
import type { DescribeResult, TaskInfo } from './types.js';

/** The tasks selection may choose from: n in max(1, floor(perc × n / 100)). */
export interface Population {
  readonly eligible: readonly TaskInfo[];
  readonly notices: readonly string[];
}

const FARGATE_FIX =
  'target a service or tasks on the EC2 launch type: the fault needs a container instance that SSM can reach';

/** ECS reports launchType EC2 for capacity-provider tasks too; Fargate has no instance. */
export function isOnEc2(task: TaskInfo): boolean {
  return (
    task.containerInstanceArn !== undefined &&
    (task.launchType === 'EC2' || task.launchType === undefined)
  );
}

const launchTypeOf = (task: TaskInfo): string => task.launchType ?? 'unknown launch type';

/**
 * A service's RUNNING EC2 tasks; others are named in a notice, none at all is an error.
 * What ListTasks returned is checked again before it can be targeted (ADR 0157): a task
 * of another service (group) or another cluster is left out, named, whatever the endpoint
 * or a race said: the blast radius never widens past SERVICE_NAME.
 */
export function servicePopulation(
  service: string,
  listed: readonly TaskInfo[],
  clusterArn?: string,
): Population {
  const foreign = listed.filter((task) => !belongs(task, service, clusterArn));
  const tasks = listed.filter((task) => belongs(task, service, clusterArn));
  const running = tasks.filter((task) => task.lastStatus === 'RUNNING');
  const eligible = running.filter(isOnEc2);
  const elsewhere = running.filter((task) => !isOnEc2(task));
  const notRunning = tasks.filter((task) => task.lastStatus !== 'RUNNING');
  const notices: string[] = [];
  if (elsewhere.length > 0) {
    notices.push(
      `skipped ${elsewhere.length} RUNNING task(s) of service ${service} not on EC2 (${tally(elsewhere.map(launchTypeOf))}): this fault supports the EC2 launch type only`,
    );
  }
  if (foreign.length > 0) {
    notices.push(
      `left out ${foreign.length} task(s) that ListTasks returned for service ${service} but that belong elsewhere: ${foreign.map((task) => `${task.arn} (group ${quote(task.group ?? 'none')}, cluster ${quote(task.clusterArn)})`).join(', ')}`,
    );
  }
  if (notRunning.length > 0) {
    notices.push(
      `skipped ${notRunning.length} task(s) of service ${service} not RUNNING (${tally(notRunning.map((task) => quote(task.lastStatus)))})`,
    );
  }
  if (eligible.length === 0) {
    const found = tasks.map((task) => `${launchTypeOf(task)} ${quote(task.lastStatus)}`);
    throw problemError({
      code: 'TARGET_SELECTION_ERROR',
      phase: 'preflight',
      target: service,
      summary: `service ${service} has no RUNNING task on the EC2 launch type`,
      items: [found.length === 0 ? 'found: no tasks' : `found: ${tally(found)}`],
      fix: FARGATE_FIX,
    });
  }
  return { eligible, notices };
}

function belongs(task: TaskInfo, service: string, clusterArn: string | undefined): boolean {
  const inCluster = clusterArn === undefined || clusterArn === '' || task.clusterArn === clusterArn;
  return inCluster && task.group === `service:${service}`;
}

/**
 * Explicitly named tasks (TASK_REPLICA_ID): each must exist, run, be on EC2, and belong
 * to the guard service when one is named (ADR 0051). Every offender is listed.
 */
export function explicitPopulation(
  taskIds: readonly string[],
  guardService: string | undefined,
  described: DescribeResult<TaskInfo>,
): Population {
  const problems: string[] = [];
  const eligible: TaskInfo[] = [];
  for (const id of taskIds) {
    const task = described.found.find((candidate) => candidate.id === id || candidate.arn === id);
    const problem =
      task === undefined ? missingProblem(id, described) : taskProblem(task, guardService);
    if (problem === undefined && task !== undefined) eligible.push(task);
    else if (problem !== undefined) problems.push(problem);
  }
  if (problems.length > 0) {
    throw problemError({
      code: 'TARGET_SELECTION_ERROR',
      phase: 'preflight',
      target: taskIds.join(','),
      summary: `${problems.length} of the tasks in TASK_REPLICA_ID cannot be targeted`,
      items: problems,
      fix: 'name RUNNING tasks of the EC2 launch type in CLUSTER_NAME (and in SERVICE_NAME when set)',
    });
  }
  return { eligible, notices: [] };
}

function missingProblem(id: string, described: DescribeResult<TaskInfo>): string {
  const failure = described.missing.find(
    (entry) => entry.ref === id || entry.ref.endsWith(`/${id}`),
  );
  const reason = failure === undefined ? 'not reported' : quote(failure.reason);
  return `task ${id}: not found in the cluster (ECS: ${reason})`;
}

function taskProblem(task: TaskInfo, guardService: string | undefined): string | undefined {
  if (task.lastStatus !== 'RUNNING') {
    return `task ${task.arn}: lastStatus is ${quote(task.lastStatus)}, not RUNNING`;
  }
  if (!isOnEc2(task)) {
    return `task ${task.arn}: launch type ${launchTypeOf(task)} is not supported (EC2 only)`;
  }
  if (guardService !== undefined && task.group !== `service:${guardService}`) {
    const group = task.group === undefined ? 'no service' : quote(task.group);
    return `task ${task.arn}: belongs to ${group}, not to SERVICE_NAME=${guardService}`;
  }
  return undefined;
}
