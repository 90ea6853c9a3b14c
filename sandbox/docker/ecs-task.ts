import { newTaskIdentity, type TaskIdentity } from './ecs-names.js';
import { portMappings } from './inspect.js';
import type { ContainerInstance } from './instance.js';
import { writeMetadataFile, type MetadataState, type PortMapping } from './metadata.js';
import { startContainer, startPause, type Started } from './task-containers.js';
import { httpGet, waitFor } from './wait.js';

export type NetworkMode = 'bridge' | 'awsvpc' | 'host';

export interface ContainerSpec {
  /** The ECS container name (task definition's containerDefinitions[].name). */
  readonly name: string;
  /** Ports the application listens on; default [8080] (host mode: free machine ports). */
  readonly ports?: readonly number[];
  readonly image?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Overrides the metadata file state of the task for this container. */
  readonly metadata?: MetadataState;
}

export interface TaskSpec {
  readonly networkMode: NetworkMode;
  readonly family?: string;
  readonly revision?: number;
  /** Default: one container `app` on port 8080. */
  readonly containers?: readonly ContainerSpec[];
  /** ECS container metadata files (ECS_ENABLE_CONTAINER_METADATA); default 'ready'. */
  readonly metadata?: MetadataState;
}

export interface TaskContainer {
  readonly name: string;
  /** The Docker id: what ECS reports as the container's runtimeId. */
  readonly runtimeId: string;
  readonly dockerName: string;
  readonly image: string;
  /** Where the container is reached: its own address, the pause container's, or loopback. */
  readonly ip: string;
  readonly ports: readonly PortMapping[];
  readonly metadataFile: string | undefined;
}

/** What a test (or an AWS emulator fixture) needs to know about a started task. */
export interface EcsTask extends TaskIdentity {
  readonly instanceId: string;
  readonly containerInstanceArn: string;
  readonly networkMode: NetworkMode;
  readonly ip: string;
  /** awsvpc only: the container owning the task's network namespace. */
  readonly pause: { readonly runtimeId: string; readonly dockerName: string } | undefined;
  readonly containers: readonly TaskContainer[];
}

const DEFAULT_CONTAINERS: readonly ContainerSpec[] = [{ name: 'app' }];

function addressOf(mode: NetworkMode, started: Started, pause: Started | undefined): string {
  if (mode === 'host') return '127.0.0.1';
  return (pause ?? started).inspect.NetworkSettings.IPAddress;
}

async function report(
  instance: ContainerInstance,
  task: TaskIdentity,
  started: Started,
  context: { mode: NetworkMode; pause: Started | undefined; metadata: MetadataState },
): Promise<TaskContainer> {
  const ip = addressOf(context.mode, started, context.pause);
  const ports = portMappings(started.inspect, started.ports);
  const state = started.spec.metadata ?? context.metadata;
  const image = started.spec.image ?? started.inspect.Config.Image;
  const metadataFile =
    state === 'none'
      ? undefined
      : await writeMetadataFile({
          ecsDataDir: instance.daemon.paths.ecsDataDir,
          containerInstanceArn: instance.containerInstanceArn,
          task,
          containerName: started.spec.name,
          runtimeId: started.inspect.Id,
          dockerName: started.dockerName,
          image,
          imageId: started.inspect.Image,
          networkMode: context.mode,
          ip,
          ports,
          state,
        });
  return {
    name: started.spec.name,
    runtimeId: started.inspect.Id,
    dockerName: started.dockerName,
    image,
    ip,
    ports,
    metadataFile,
  };
}

/** Every container port answers HTTP (bounded), so a test starts from a serving task. */
export async function waitUntilServing(task: EcsTask, timeoutMs = 30_000): Promise<void> {
  for (const container of task.containers) {
    for (const port of container.ports) {
      const url = `http://${container.ip}:${port.containerPort}/`;
      await waitFor(
        `${url} (${container.name} of ${task.taskArn})`,
        async () => {
          const answer = await httpGet(url, 2_000);
          return answer.status === 200 ? true : undefined;
        },
        { timeoutMs },
      );
    }
  }
}

async function startAll(
  instance: ContainerInstance,
  task: TaskIdentity,
  spec: TaskSpec,
  started: Started[],
): Promise<EcsTask> {
  const mode = spec.networkMode;
  const pause = mode === 'awsvpc' ? await startPause(instance, task) : undefined;
  if (pause !== undefined) started.push(pause);
  for (const container of spec.containers ?? DEFAULT_CONTAINERS) {
    started.push(await startContainer(instance, task, container, { mode, pause }));
  }
  const context = { mode, pause, metadata: spec.metadata ?? 'ready' };
  const apps = started.filter((one) => one !== pause);
  const containers = await Promise.all(apps.map((one) => report(instance, task, one, context)));
  return {
    ...task,
    instanceId: instance.instanceId,
    containerInstanceArn: instance.containerInstanceArn,
    networkMode: mode,
    ip: containers[0]?.ip ?? '',
    pause: pause && { runtimeId: pause.inspect.Id, dockerName: pause.dockerName },
    containers,
  };
}

/**
 * Starts an "ECS task" on an instance: its containers labelled as the ECS agent labels
 * them, in the task's network mode, with metadata files when asked, and waits until every
 * port serves. On failure it removes what it started.
 */
export async function startTask(instance: ContainerInstance, spec: TaskSpec): Promise<EcsTask> {
  const task = newTaskIdentity(instance, spec.family ?? 'ehc-web', spec.revision ?? 1);
  const started: Started[] = [];
  try {
    const result = await startAll(instance, task, spec, started);
    await waitUntilServing(result);
    return result;
  } catch (error) {
    const ids = started.map((one) => one.inspect.Id);
    if (ids.length > 0) await instance.docker(['rm', '-f', ...ids], { allowFailure: true });
    throw error;
  }
}

/** Removes every container of the task (app containers first, then the pause). */
export async function removeTask(instance: ContainerInstance, task: EcsTask): Promise<void> {
  const ids = task.containers.map((container) => container.runtimeId);
  if (ids.length > 0) await instance.docker(['rm', '-f', ...ids]);
  if (task.pause !== undefined) await instance.docker(['rm', '-f', task.pause.runtimeId]);
}
