import type { FaultConfig, PullPolicy, RunConfig } from '../config/run-config.js';
import { commandSizer } from '../experiment/commands.js';
import { planDispatch, type DispatchPlan } from '../experiment/plan.js';
import type { Random } from '../core/clock.js';
import { selectTargets, type SelectResult } from '../experiment/select.js';
import type { Logger } from '../log/logger.js';
import type { World } from './preflight.js';

export interface Selected {
  readonly selection: SelectResult;
  readonly plan: DispatchPlan;
}

/** Phase `select`: which tasks, which containers, and the commands that will carry them. */
export function selectPhase(
  config: RunConfig,
  world: World,
  deps: { readonly random: Random; readonly hostScript: string; readonly logger: Logger },
): Selected {
  const { target, fault } = config;
  const selection = selectTargets({
    population: world.population,
    selection: target.selection,
    rules: {
      clusterName: target.clusterName,
      targetPort: fault.targetPort,
      targetContainer: target.targetContainer,
      instances: world.instances,
    },
    random: deps.random,
  });
  const plan = planDispatch({
    chaosId: config.chaosId,
    sequence: fault.sequence,
    durationSeconds: fault.durationSeconds,
    tasks: selection.tasks,
    maxCommandBytes: config.aws.maxCommandBytes,
    measure: commandSizer(fault, deps.hostScript),
  });
  deps.logger.info(
    `selected ${selection.tasks.length} of ${selection.eligibleCount} task(s), ${selection.targets.length} target(s), ${fault.sequence}: ${plan.steps.length} step(s)`,
    {
      targets: selection.targets.map((t) => ({
        task: t.taskArn,
        container: t.containerName,
        instance: t.instanceId,
        networkMode: t.networkMode,
      })),
      commands: plan.steps.map((step) => step.commands.length),
    },
  );
  deps.logger.info(libImageOnHosts(fault), {
    installDependencies: fault.installDependencies,
    pullPolicy: fault.libImagePullPolicy,
  });
  return { selection, plan };
}

const PULLS: Record<PullPolicy, string> = {
  Always: 'pulled on every inject, even where a host has the tag',
  IfNotPresent: 'pulled where a host does not have it',
  Never: 'never pulled: every host must have it already',
};

/** What the hosts will do with LIB_IMAGE (ADR 0158), said before anything is sent. */
export function libImageOnHosts(
  fault: Pick<FaultConfig, 'libImage' | 'installDependencies' | 'libImagePullPolicy'>,
): string {
  const policy = `LIB_IMAGE_PULL_POLICY=${fault.libImagePullPolicy}`;
  if (!fault.installDependencies) {
    return `LIB_IMAGE ${fault.libImage} is never pulled on the hosts (INSTALL_DEPENDENCIES=false; ${policy} does not apply): every host must have it already`;
  }
  return `LIB_IMAGE ${fault.libImage} is ${PULLS[fault.libImagePullPolicy]} (${policy})`;
}
