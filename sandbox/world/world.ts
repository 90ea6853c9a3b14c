/**
 * A local "ECS cluster": N emulated container instances, each its own dockerd with real
 * ECS-labelled task containers and metadata files (sandbox/docker), and the AWS
 * emulator fixture describing exactly those tasks, so `run` finds them through ECS and
 * reaches them through SSM while the host script acts on the real containers. Used by the
 * executor's end-to-end tests and by `make demo`.
 */
import type { ContainerFixture, EmulatorFixture, TaskFixture } from '../emulator/fixture.js';
import {
  IMAGES,
  TestHosts,
  startTask,
  type ContainerInstance,
  type EcsTask,
} from '../docker/index.js';

/** The port every task's application listens on (TARGET_SERVICE_PORT). */
export const PORT = 8080;

export interface Service {
  readonly name: string;
  readonly tasks: EcsTask[];
}

export interface ServiceSpec {
  readonly name: string;
  /** Spread over the instances in turn: task i runs on instance i mod N. */
  readonly tasks: number;
}

export interface SandboxOptions {
  readonly cluster: string;
  readonly region: string;
  readonly instances: number;
  readonly services: readonly ServiceSpec[];
  /** LIB_IMAGE: copied onto every instance with the fixture images. */
  readonly image: string;
  /** Start the instances side by side (see TestHostsOptions.parallel). */
  readonly parallel?: boolean;
}

export interface Sandbox {
  readonly cluster: string;
  readonly region: string;
  readonly hosts: TestHosts;
  readonly services: readonly Service[];
}

async function startServices(hosts: TestHosts, specs: readonly ServiceSpec[]) {
  const services: Service[] = [];
  for (const spec of specs) {
    const started = Array.from({ length: spec.tasks }, (_, index) =>
      startTask(hosts.instance(index % hosts.instances.length), {
        networkMode: 'bridge',
        family: spec.name,
      }),
    );
    // All of a service's tasks start at once; should one fail, hosts.stop() removes the rest.
    services.push({ name: spec.name, tasks: await Promise.all(started) });
  }
  return services;
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const hosts = await TestHosts.start({
    count: options.instances,
    cluster: options.cluster,
    region: options.region,
    images: [IMAGES.httpService, IMAGES.pause, options.image],
    ...(options.parallel === undefined ? {} : { parallel: options.parallel }),
  });
  try {
    const services = await startServices(hosts, options.services);
    return { cluster: options.cluster, region: options.region, hosts, services };
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
export function fixtureOf(sandbox: Sandbox, extra: readonly Service[] = []): EmulatorFixture {
  const services = [...sandbox.services, ...extra];
  const instances: readonly ContainerInstance[] = sandbox.hosts.instances;
  return {
    region: sandbox.region,
    clusters: [
      {
        name: sandbox.cluster,
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

export function instanceOf(sandbox: Sandbox, task: EcsTask): ContainerInstance {
  const found = sandbox.hosts.instances.find((one) => one.instanceId === task.instanceId);
  if (found === undefined) throw new Error(`no instance ${task.instanceId}`);
  return found;
}

export function urlOf(task: EcsTask, path = '/'): string {
  return `http://${task.ip}:${PORT}${path}`;
}
