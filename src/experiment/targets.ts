import { quote } from './problems.js';
import type { ContainerInfo, InstanceInfo, Target, TaskInfo } from './types.js';

export interface TargetRules {
  readonly clusterName: string;
  readonly targetPort: number;
  readonly targetContainer: string | undefined;
  readonly instances: ReadonlyMap<string, InstanceInfo>;
}

/** The proxies one task needs, or why it cannot get any (naming what was found). */
export type TaskTargets = { readonly targets: readonly Target[] } | { readonly problem: string };

/** The awsvpc pause container never carries the application; ECS may list it. */
const PAUSE_CONTAINER = '~internal~ecs~pause';

export function targetsOfTask(task: TaskInfo, rules: TargetRules): TaskTargets {
  if (task.meshProxy !== undefined) {
    return {
      problem: `task ${task.arn}: ${task.meshProxy} reaches the app over lo, which a PREROUTING redirect never sees: the fault would not bite (README, Limitations)`,
    };
  }
  const instance = rules.instances.get(task.containerInstanceArn ?? '');
  if (instance === undefined)
    return { problem: `task ${task.arn}: its container instance was not resolved` };
  const containers = task.containers.filter(
    (container) => container.name !== PAUSE_CONTAINER && container.lastStatus !== 'STOPPED',
  );
  const chosen = chooseContainers(task, containers, rules);
  if ('problem' in chosen) return chosen;
  const networkMode = task.networkMode === 'awsvpc' ? 'awsvpc' : 'bridge';
  return {
    targets: chosen.containers.map((container) => ({
      taskArn: task.arn,
      taskId: task.id,
      clusterName: rules.clusterName,
      instanceId: instance.ec2InstanceId,
      containerInstanceArn: instance.containerInstanceArn,
      containerName: container.name,
      runtimeId: container.runtimeId,
      networkMode,
    })),
  };
}

type Chosen = { readonly containers: readonly ContainerInfo[] } | { readonly problem: string };

function chooseContainers(
  task: TaskInfo,
  containers: readonly ContainerInfo[],
  rules: TargetRules,
): Chosen {
  switch (task.networkMode) {
    case 'bridge':
      return bridgeContainers(task, containers, rules);
    case 'awsvpc':
      return awsvpcContainer(task, containers, rules);
    case 'host':
      return {
        problem: `task ${task.arn}: network mode host is not supported (the redirect would sit in the host's own namespace beside Docker's and the ECS agent's rules)`,
      };
    case 'none':
      return { problem: `task ${task.arn}: network mode none has no network to fault` };
  }
}

const servesPort = (container: ContainerInfo, port: number): boolean =>
  container.networkBindings.some(
    (binding) => binding.containerPort === port && (binding.protocol ?? 'tcp') === 'tcp',
  );

/** bridge: every container whose networkBindings publish TARGET_SERVICE_PORT/tcp. */
function bridgeContainers(
  task: TaskInfo,
  containers: readonly ContainerInfo[],
  rules: TargetRules,
): Chosen {
  const { targetPort, targetContainer } = rules;
  const named = narrowed(task, containers, targetContainer);
  if ('problem' in named) return named;
  const serving = named.containers.filter((container) => servesPort(container, targetPort));
  if (serving.length > 0) return { containers: serving };
  const which =
    targetContainer === undefined ? 'no container' : `container ${quote(targetContainer)}`;
  return {
    problem: `task ${task.arn}: ${which} publishes containerPort ${targetPort}/tcp (found: ${describeBindings(containers)})`,
  };
}

/**
 * awsvpc: the task's containers share one namespace, so one proxy serves them all. The
 * container reported is TARGET_CONTAINER, else one that declares the port, else the first
 * by name: only a label for the host to find the namespace (ADR 0052).
 */
function awsvpcContainer(
  task: TaskInfo,
  containers: readonly ContainerInfo[],
  rules: TargetRules,
): Chosen {
  const named = narrowed(task, containers, rules.targetContainer);
  if ('problem' in named) return named;
  const byName = [...named.containers].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const first = byName.find((container) => servesPort(container, rules.targetPort)) ?? byName[0];
  if (first === undefined)
    return { problem: `task ${task.arn}: no running container (found: none)` };
  return { containers: [first] };
}

function narrowed(
  task: TaskInfo,
  containers: readonly ContainerInfo[],
  name: string | undefined,
): Chosen {
  if (name === undefined) return { containers };
  const match = containers.filter((container) => container.name === name);
  if (match.length > 0) return { containers: match };
  const found = containers.map((container) => quote(container.name)).join(', ') || 'none';
  return {
    problem: `task ${task.arn}: no running container named ${quote(name)} (found: ${found})`,
  };
}

function describeBindings(containers: readonly ContainerInfo[]): string {
  if (containers.length === 0) return 'no running container';
  return containers
    .map((container) => {
      const ports = container.networkBindings.map(
        (binding) =>
          `${binding.containerPort ?? '?'}->${binding.hostPort ?? '?'}/${binding.protocol ?? 'tcp'}`,
      );
      return `${quote(container.name)} [${ports.join(' ') || 'no bindings'}]`;
    })
    .join(', ');
}
