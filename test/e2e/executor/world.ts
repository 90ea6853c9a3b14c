/**
 * The world of the executor's end-to-end tests: two emulated ECS container instances, each
 * its own dockerd with real ECS-labelled task containers, and the AWS emulator whose
 * fixture describes exactly those tasks, so `run` finds them through ECS and reaches them
 * through SSM, and the host script acts on the real containers.
 */
import type {
  ContainerFixture,
  EmulatorFixture,
  TaskFixture,
} from '../../emulators/aws/fixture.js';
import {
  IMAGES,
  TestHosts,
  startTask,
  type ContainerInstance,
  type EcsTask,
} from '../../support/docker/index.js';

/** LIB_IMAGE on the hosts: the image of this checkout (`make image`; EHC_IMAGE names it). */
export const IMAGE = process.env['EHC_IMAGE'] ?? IMAGES.product;
export const PORT = 8080;
export const CLUSTER = 'ehc-test-cluster';
export const REGION = 'us-east-1';

export interface Service {
  readonly name: string;
  readonly tasks: EcsTask[];
}

export interface World {
  readonly hosts: TestHosts;
  /** The targeted service: one task on each instance. */
  readonly web: Service;
  /** A neighbour on the same instances that no run may touch. */
  readonly other: Service;
}

export async function startWorld(): Promise<World> {
  const hosts = await TestHosts.start({
    count: 2,
    cluster: CLUSTER,
    region: REGION,
    images: [IMAGES.httpService, IMAGES.pause, IMAGE],
  });
  try {
    const web: EcsTask[] = [];
    const other: EcsTask[] = [];
    for (const instance of hosts.instances) {
      web.push(await startTask(instance, { networkMode: 'bridge', family: 'web' }));
      other.push(await startTask(instance, { networkMode: 'bridge', family: 'other' }));
    }
    return { hosts, web: { name: 'web', tasks: web }, other: { name: 'other', tasks: other } };
  } catch (error) {
    await hosts.stop();
    throw error;
  }
}

const lastSegment = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

function taskFixture(service: string, task: EcsTask): TaskFixture {
  const containers: ContainerFixture[] = task.containers.map((container) => ({
    name: container.name,
    image: container.image,
    runtimeId: container.runtimeId,
    networkBindings: container.ports.map((port) => ({
      containerPort: port.containerPort,
      hostPort: port.hostPort,
      protocol: 'tcp',
    })),
  }));
  return {
    id: task.taskId,
    taskDefinition: `${task.family}:${task.revision}`,
    launchType: 'EC2',
    service,
    containerInstanceId: lastSegment(task.containerInstanceArn),
    networkMode: 'bridge',
    containers,
  };
}

/** ECS and SSM as they would describe these hosts and tasks; commands run "on" each host. */
export function fixtureOf(world: World, extra: readonly Service[] = []): EmulatorFixture {
  const services = [world.web, world.other, ...extra];
  const instances: readonly ContainerInstance[] = world.hosts.instances;
  return {
    region: REGION,
    clusters: [
      {
        name: CLUSTER,
        services: services.map((service) => ({
          name: service.name,
          desiredCount: service.tasks.length,
          launchType: 'EC2',
        })),
        containerInstances: instances.map((instance) => ({
          id: lastSegment(instance.containerInstanceArn),
          ec2InstanceId: instance.instanceId,
        })),
        tasks: services.flatMap((service) =>
          service.tasks.map((task) => taskFixture(service.name, task)),
        ),
      },
    ],
    managedInstances: instances.map((instance) => ({
      instanceId: instance.instanceId,
      pingStatus: 'Online',
      env: instance.hostEnv(),
    })),
  };
}

export function instanceOf(world: World, task: EcsTask): ContainerInstance {
  const found = world.hosts.instances.find((instance) => instance.instanceId === task.instanceId);
  if (found === undefined) throw new Error(`no instance ${task.instanceId}`);
  return found;
}

export function urlOf(task: EcsTask): string {
  return `http://${task.ip}:${PORT}/`;
}
