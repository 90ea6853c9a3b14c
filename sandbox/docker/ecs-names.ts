import { randomBytes } from 'node:crypto';

/** The Docker labels the ECS agent puts on every container of a task. */
export const ECS_LABELS = {
  cluster: 'com.amazonaws.ecs.cluster',
  containerName: 'com.amazonaws.ecs.container-name',
  taskArn: 'com.amazonaws.ecs.task-arn',
  family: 'com.amazonaws.ecs.task-definition-family',
  revision: 'com.amazonaws.ecs.task-definition-version',
} as const;

/** The ECS container name the agent gives an awsvpc task's pause container. */
export const PAUSE_CONTAINER_NAME = '~internal~ecs~pause';

export interface TaskIdentity {
  readonly cluster: string;
  readonly taskArn: string;
  readonly taskId: string;
  readonly family: string;
  readonly revision: number;
}

export function newTaskIdentity(
  where: { readonly region: string; readonly account: string; readonly cluster: string },
  family: string,
  revision: number,
): TaskIdentity {
  const taskId = randomBytes(16).toString('hex');
  return {
    cluster: where.cluster,
    taskArn: `arn:aws:ecs:${where.region}:${where.account}:task/${where.cluster}/${taskId}`,
    taskId,
    family,
    revision,
  };
}

/** `docker run` label flags exactly as the agent sets them. */
export function labelArgs(task: TaskIdentity, containerName: string): string[] {
  const labels: Record<string, string> = {
    [ECS_LABELS.cluster]: task.cluster,
    [ECS_LABELS.containerName]: containerName,
    [ECS_LABELS.taskArn]: task.taskArn,
    [ECS_LABELS.family]: task.family,
    [ECS_LABELS.revision]: String(task.revision),
  };
  return Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
}

/**
 * The agent's Docker container name: `ecs-<family>-<revision>-<container>-<20 hex>`,
 * with the characters Docker refuses removed (so the pause container becomes
 * `internalecspause`).
 */
export function dockerNameFor(task: TaskIdentity, containerName: string): string {
  const clean = (text: string) => text.replace(/[^A-Za-z0-9_.-]/g, '');
  const suffix = randomBytes(10).toString('hex');
  return `ecs-${clean(task.family)}-${task.revision}-${clean(containerName)}-${suffix}`;
}
