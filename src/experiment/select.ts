import type { Selection } from '../config/run-config.js';
import { affectedCount, chooseTasks } from './choose.js';
import type { Population } from './population.js';
import type { Random } from '../core/clock.js';
import { problemError } from './problems.js';
import { targetsOfTask, type TargetRules } from './targets.js';
import type { Target, TaskInfo } from './types.js';

export interface SelectInput {
  readonly population: Population;
  readonly selection: Selection;
  readonly rules: TargetRules;
  readonly random: Random;
}

export interface SelectedTask {
  readonly task: TaskInfo;
  readonly targets: readonly Target[];
}

export interface SelectResult {
  /** n: the RUNNING EC2 tasks chosen from. */
  readonly eligibleCount: number;
  /** In the order chosen: serial mode runs them in this order. */
  readonly tasks: readonly SelectedTask[];
  readonly targets: readonly Target[];
}

/**
 * Phase `select`: explicit tasks are all taken; a service's tasks are drawn at random,
 * max(1, floor(perc × n / 100)) of them. Then each task's containers are resolved; if any
 * chosen task has none, the error names every such task and what it has.
 */
export function selectTargets(input: SelectInput): SelectResult {
  const { population, selection, rules, random } = input;
  const n = population.eligible.length;
  const count = selection.kind === 'tasks' ? n : affectedCount(selection.affectedPercent, n);
  const chosen =
    selection.kind === 'tasks'
      ? population.eligible
      : chooseTasks(population.eligible, count, random);
  const tasks: SelectedTask[] = [];
  const problems: string[] = [];
  for (const task of chosen) {
    const outcome = targetsOfTask(task, rules);
    if ('problem' in outcome) problems.push(outcome.problem);
    else tasks.push({ task, targets: outcome.targets });
  }
  if (problems.length > 0) {
    throw problemError({
      code: 'TARGET_SELECTION_ERROR',
      phase: 'select',
      summary: `${problems.length} of ${chosen.length} selected task(s) have nothing to target on port ${rules.targetPort}`,
      items: problems,
      fix: 'check TARGET_SERVICE_PORT (the containerPort, not the host port) and TARGET_CONTAINER; host and none network modes, ECS Service Connect and App Mesh tasks are not supported',
    });
  }
  return { eligibleCount: n, tasks, targets: tasks.flatMap((selected) => selected.targets) };
}
