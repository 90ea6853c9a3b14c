import { run, type ContainerInstance, type EcsTask } from '../docker/index.js';

const CHAOS_LABEL = 'io.ecs-http-chaos.chaos-id';

/** Every container of ours (proxy, reaper) on a host, whatever its chaos id. */
export async function ourContainers(instance: ContainerInstance): Promise<string[]> {
  const listed = await instance.docker([
    'ps',
    '-a',
    '--filter',
    `label=${CHAOS_LABEL}`,
    '--format',
    '{{.Names}} {{.Status}}',
  ]);
  return listed.stdout.split('\n').filter((line) => line.trim() !== '');
}

/** Lines tagged by this tool in the task's network namespace, on both backends. */
export async function taggedRules(instance: ContainerInstance, task: EcsTask): Promise<string[]> {
  const container = task.containers[0];
  if (container === undefined) return [];
  const pid = (
    await instance.docker(['inspect', '--format', '{{.State.Pid}}', container.runtimeId])
  ).stdout.trim();
  const found: string[] = [];
  for (const saver of [
    'iptables-save',
    'iptables-legacy-save',
    'ip6tables-save',
    'ip6tables-legacy-save',
  ]) {
    const saved = await run('nsenter', ['-t', pid, '-n', saver], { allowFailure: true });
    found.push(...saved.stdout.split('\n').filter((line) => /ecs-http-chaos|EHC-/.test(line)));
  }
  return found;
}

/** What is left of any run on these hosts: containers and tagged rules, named. */
export async function leftovers(
  instances: readonly ContainerInstance[],
  tasks: readonly EcsTask[],
): Promise<string[]> {
  const found: string[] = [];
  for (const instance of instances) {
    for (const container of await ourContainers(instance))
      found.push(`${instance.instanceId}: container ${container}`);
  }
  for (const task of tasks) {
    const instance = instances.find((one) => one.instanceId === task.instanceId);
    if (instance === undefined) continue;
    for (const rule of await taggedRules(instance, task)) found.push(`${task.taskArn}: ${rule}`);
  }
  return found;
}

/**
 * Removes whatever a failed test left: containers of ours only. Proxies get SIGTERM first
 * (they remove their own rules); the task namespaces go with the hosts at the end.
 */
export async function sweep(instances: readonly ContainerInstance[]): Promise<void> {
  for (const instance of instances) {
    const listed = await instance.docker(['ps', '-aq', '--filter', `label=${CHAOS_LABEL}`]);
    const ids = listed.stdout.split('\n').filter(Boolean);
    if (ids.length === 0) continue;
    await instance.docker(['stop', '-t', '10', ...ids], { allowFailure: true, timeoutMs: 60_000 });
    await instance.docker(['rm', '-f', ...ids], { allowFailure: true });
  }
}
