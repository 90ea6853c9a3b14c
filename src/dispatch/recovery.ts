import type { Target } from '../experiment/types.js';

/** Labels and paths of docs/decisions/0003-names-and-tags.md. */
const CHAOS_LABEL = 'io.ecs-http-chaos.chaos-id';
const STATE_DIR = '/var/lib/ecs-http-chaos';

/** What every manual-recovery command of a run shares. */
export interface RecoveryContext {
  readonly region: string;
  readonly libImage: string;
  /** PROXY_DRAIN_SECONDS: `docker stop` must not kill a proxy in the middle of its drain. */
  readonly drainSeconds: number;
}

export interface RecoveryInput extends RecoveryContext {
  readonly instanceId: string;
  readonly unitId: string;
  readonly targets: readonly Target[];
}

/** The stop timeout host.sh gives a proxy: its drain plus the same margin. */
const STOP_MARGIN_SECONDS = 10;

/** `--network container:<x>`: the target container by ECS's runtime id, else by its labels. */
function namespaceOf(target: Target): string {
  if (target.runtimeId !== undefined) return target.runtimeId;
  return (
    `$(docker ps -q --filter label=com.amazonaws.ecs.task-arn=${target.taskArn}` +
    ` --filter label=com.amazonaws.ecs.container-name=${target.containerName})`
  );
}

/**
 * What to run on one host to remove one chaos id by hand, in the revert's order:
 * tombstone (a late inject refuses), SIGTERM to the proxies (each removes its own rules
 * after draining), `cleanup --id` in every target namespace (only our tagged rules: never
 * a flush), then every container labelled with the id (reaper included). Every value is
 * one the executor validated against ADR 0002's patterns, so nothing needs quoting.
 */
export function hostRecoverySteps(input: RecoveryInput): string[] {
  const filter = `--filter label=${CHAOS_LABEL}=${input.unitId}`;
  const namespaces = [...new Set(input.targets.map(namespaceOf))];
  return [
    `mkdir -p ${STATE_DIR} && touch ${STATE_DIR}/tombstone-${input.unitId}`,
    `docker ps -q ${filter} --filter label=io.ecs-http-chaos.role=proxy | xargs -r docker stop -t ${input.drainSeconds + STOP_MARGIN_SECONDS}`,
    ...namespaces.map(
      (namespace) =>
        `docker run --rm --network container:${namespace} --user 0 --cap-drop ALL --cap-add NET_ADMIN --cap-add NET_RAW --security-opt no-new-privileges ${input.libImage} cleanup --id ${input.unitId}`,
    ),
    `docker ps -aq ${filter} | xargs -r docker rm -f`,
  ];
}

/** The same steps as one `aws ssm send-command` aimed at that host only. */
export function recoveryCommand(input: RecoveryInput): string {
  const parameters = JSON.stringify({ commands: hostRecoverySteps(input) });
  return [
    'aws ssm send-command',
    `--region ${input.region}`,
    `--instance-ids ${input.instanceId}`,
    '--document-name AWS-RunShellScript',
    `--comment 'ecs-http-chaos manual revert ${input.unitId}'`,
    `--parameters '${parameters}'`,
  ].join(' ');
}

/** The recovery command for one host of a command: only that host's own targets. */
export function recoveryFor(
  context: RecoveryContext,
  unitId: string,
  instanceId: string,
  targets: readonly Target[],
): string {
  const own = targets.filter((target) => target.instanceId === instanceId);
  return recoveryCommand({ ...context, instanceId, unitId, targets: own });
}
