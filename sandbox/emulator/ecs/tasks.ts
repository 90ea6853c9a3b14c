/** ListTasks, DescribeTasks and DescribeTaskDefinition. */
import { AwsError } from '../errors.js';
import { BadToken, paginate } from '../pagination.js';
import type { CallContext } from '../service.js';
import type { ClusterState, TaskState } from '../state.js';
import { clusterOf, ecsInvalid, idList, pageSize } from './common.js';
import { familyOf, networkModeOf } from './render.js';
import { renderTask } from './render-task.js';

const DESIRED = ['RUNNING', 'PENDING', 'STOPPED'];
const LAUNCH_TYPES = ['EC2', 'FARGATE', 'EXTERNAL'];

interface TaskFilter {
  serviceName: string | undefined;
  family: string | undefined;
  containerInstance: string | undefined;
  startedBy: string | undefined;
  launchType: string | undefined;
  desiredStatus: string;
}

function readFilter(ctx: CallContext, cluster: ClusterState): TaskFilter {
  const { input, state } = ctx;
  const desiredStatus = oneOf(input.string('desiredStatus') ?? 'RUNNING', DESIRED, 'desiredStatus');
  const launchType = input.string('launchType');
  if (launchType !== undefined) oneOf(launchType, LAUNCH_TYPES, 'launchType');
  const serviceName = input.string('serviceName');
  const service = serviceName && state.arns.idIn('service', cluster.name, serviceName);
  if (serviceName !== undefined && !cluster.services?.some((s) => s.name === service)) {
    throw new AwsError('ServiceNotFoundException', 'Service not found.');
  }
  const instance = input.string('containerInstance');
  const filter: TaskFilter = {
    desiredStatus,
    serviceName: service,
    launchType,
    family: input.string('family'),
    startedBy: input.string('startedBy'),
    containerInstance:
      instance && (state.arns.idIn('container-instance', cluster.name, instance) ?? ''),
  };
  return filter;
}

function oneOf(value: string, allowed: string[], member: string): string {
  if (!allowed.includes(value)) throw ecsInvalid(`${member} must be one of ${allowed.join(', ')}.`);
  return value;
}

function matches(task: TaskState, filter: TaskFilter): boolean {
  // ECS never lists PENDING as a desired status (its documentation says so).
  if (filter.desiredStatus === 'PENDING') return false;
  const checks: [string | undefined, string | undefined][] = [
    [filter.serviceName, task.service],
    [filter.family, familyOf(task)],
    [filter.containerInstance, task.containerInstanceId],
    [filter.launchType, task.launchType],
    [filter.startedBy, task.service === undefined ? undefined : `service:${task.service}`],
  ];
  const desired = task.desiredStatus ?? 'RUNNING';
  return (
    desired === filter.desiredStatus &&
    checks.every(([want, have]) => want === undefined || want === have)
  );
}

export function listTasks(ctx: CallContext) {
  const cluster = clusterOf(ctx);
  const filter = readFilter(ctx, cluster);
  const size = pageSize(ctx);
  const arns = cluster.tasks
    .filter((task) => matches(task, filter))
    .map((task) => ctx.state.arns.task(cluster.name, task.id));
  try {
    const page = paginate(
      arns,
      size,
      ctx.input.string('nextToken'),
      JSON.stringify([cluster.name, filter]),
    );
    return { taskArns: page.items, nextToken: page.nextToken };
  } catch (error) {
    if (error instanceof BadToken) throw ecsInvalid(error.message);
    throw error;
  }
}

export function describeTasks(ctx: CallContext) {
  const cluster = clusterOf(ctx);
  const { state } = ctx;
  const withTags = (ctx.input.strings('include') ?? []).includes('TAGS');
  const tasks = [];
  const failures = [];
  for (const idOrArn of idList(ctx, 'tasks', 100)) {
    const id = state.arns.idIn('task', cluster.name, idOrArn);
    const task = cluster.tasks.find((candidate) => candidate.id === id);
    if (task === undefined) {
      const arn = idOrArn.startsWith('arn:') ? idOrArn : state.arns.task(cluster.name, idOrArn);
      failures.push({ arn, reason: 'MISSING' });
    } else {
      tasks.push(renderTask(cluster, task, state, withTags));
    }
  }
  return { tasks, failures };
}

/** Derived from the tasks that use it: the fixture describes tasks, not registrations. */
export function describeTaskDefinition(ctx: CallContext) {
  const wanted = ctx.input.string('taskDefinition');
  if (wanted === undefined) throw ecsInvalid('taskDefinition must be specified.');
  const name = wanted.replace(/^arn:aws[a-z-]*:ecs:[^:]+:\d{12}:task-definition\//, '');
  const all = ctx.region === ctx.state.region ? ctx.state.clusters.flatMap((c) => c.tasks) : [];
  const candidates = all.filter((task) =>
    name.includes(':') ? task.taskDefinition === name : familyOf(task) === name,
  );
  const revision = (task: TaskState) => Number(task.taskDefinition.split(':')[1] ?? 0);
  const task = candidates.sort((a, b) => revision(b) - revision(a))[0];
  if (task === undefined)
    throw new AwsError('ClientException', 'Unable to describe task definition.');
  const mode = networkModeOf(task);
  return {
    taskDefinition: {
      taskDefinitionArn: ctx.state.arns.taskDefinition(task.taskDefinition),
      family: familyOf(task),
      revision: revision(task),
      networkMode: mode,
      status: 'ACTIVE',
      requiresCompatibilities: [task.launchType],
      containerDefinitions: task.containers.map((container) => ({
        name: container.name,
        image: container.image ?? `${container.name}:latest`,
        essential: true,
        portMappings: (container.networkBindings ?? []).map((binding) => ({
          containerPort: binding.containerPort,
          hostPort: mode === 'bridge' ? binding.hostPort : binding.containerPort,
          protocol: binding.protocol ?? 'tcp',
        })),
      })),
    },
    tags: [],
  };
}
