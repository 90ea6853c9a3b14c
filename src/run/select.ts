import type { RunConfig } from '../config/run-config.js';
import { commandSizer } from '../experiment/commands.js';
import { planDispatch, type DispatchPlan } from '../experiment/plan.js';
import type { Random } from '../experiment/ports.js';
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
  return { selection, plan };
}
