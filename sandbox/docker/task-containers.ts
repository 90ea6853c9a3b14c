import { dockerNameFor, labelArgs, PAUSE_CONTAINER_NAME, type TaskIdentity } from './ecs-names.js';
import type { ContainerSpec, NetworkMode } from './ecs-task.js';
import { IMAGES } from './images.js';
import { parseInspect, type ContainerInspect } from './inspect.js';
import type { ContainerInstance } from './instance.js';
import { freePort } from './wait.js';

/** A container `docker run` started, with what it was started from. */
export interface Started {
  readonly spec: ContainerSpec;
  readonly ports: readonly number[];
  readonly dockerName: string;
  readonly inspect: ContainerInspect;
}

export async function inspect(instance: ContainerInstance, id: string): Promise<ContainerInspect> {
  return parseInspect((await instance.docker(['inspect', id])).stdout);
}

export async function startPause(
  instance: ContainerInstance,
  task: TaskIdentity,
): Promise<Started> {
  const dockerName = dockerNameFor(task, PAUSE_CONTAINER_NAME);
  const args = ['run', '-d', '--name', dockerName, ...labelArgs(task, PAUSE_CONTAINER_NAME)];
  const id = (await instance.docker([...args, IMAGES.pause])).stdout.trim();
  const spec = { name: PAUSE_CONTAINER_NAME };
  return { spec, ports: [], dockerName, inspect: await inspect(instance, id) };
}

async function containerPorts(spec: ContainerSpec, mode: NetworkMode): Promise<number[]> {
  if (spec.ports !== undefined) return [...spec.ports];
  return mode === 'host' ? [await freePort()] : [8080];
}

function networkArgs(mode: NetworkMode, ports: readonly number[], pause?: Started): string[] {
  if (mode === 'host') return ['--network', 'host'];
  if (pause !== undefined) return ['--network', `container:${pause.inspect.Id}`];
  // ECS publishes bridge ports on the host (dynamic host ports); loopback only here.
  return ports.flatMap((port) => ['-p', `127.0.0.1::${port}`]);
}

export async function startContainer(
  instance: ContainerInstance,
  task: TaskIdentity,
  spec: ContainerSpec,
  context: { readonly mode: NetworkMode; readonly pause: Started | undefined },
): Promise<Started> {
  const ports = await containerPorts(spec, context.mode);
  const dockerName = dockerNameFor(task, spec.name);
  // A host-network application listens on the machine itself: loopback only.
  const bind = context.mode === 'host' ? { BIND: '127.0.0.1' } : {};
  const env = { NAME: spec.name, PORTS: ports.join(','), ...bind, ...spec.env };
  const args = [
    ...['run', '-d', '--name', dockerName, ...labelArgs(task, spec.name)],
    ...networkArgs(context.mode, ports, context.pause),
    ...Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]),
    spec.image ?? IMAGES.httpService,
  ];
  const id = (await instance.docker(args)).stdout.trim();
  return { spec, ports, dockerName, inspect: await inspect(instance, id) };
}
