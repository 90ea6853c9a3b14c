import type { Sequence } from '../config/run-config.js';
import { ChaosError } from '../errors/chaos-error.js';
import type { SelectedTask } from './select.js';
import type { Target } from './types.js';

/** SendCommand accepts at most 50 InstanceIds (docs/reference/aws.md). */
export const MAX_INSTANCES_PER_COMMAND = 50;

export interface PlannedCommand {
  /** The chaos id the host sees for this command (ADR 0052). */
  readonly unitId: string;
  readonly instanceIds: readonly string[];
  readonly targets: readonly Target[];
}

/**
 * What runs under one deadline. `parallel` has one step; `serial` one per task, in the
 * order selected. The dispatcher computes each step's absolute deadline when the step
 * starts (stepDeadline), and sends the step's commands with it; the plan fixes only
 * what does not depend on time, so the sizes hold (deadlines are always 13 digits).
 */
export interface PlanStep {
  readonly index: number;
  readonly targets: readonly Target[];
  readonly commands: readonly PlannedCommand[];
  /** Every chaos id of this step: revert and status go to each, never fewer. */
  readonly unitIds: readonly string[];
}

export interface DispatchPlan {
  readonly sequence: Sequence;
  readonly durationMs: number;
  readonly steps: readonly PlanStep[];
}

/** What a command may weigh, and how to weigh one. */
export interface CommandBudget {
  readonly maxCommandBytes: number;
  /** Bytes of the command text for these targets (experiment/commands.ts commandSizer). */
  readonly measure: (unitId: string, targets: readonly Target[]) => number;
}

export interface PlanInput extends CommandBudget {
  readonly chaosId: string;
  readonly sequence: Sequence;
  readonly durationSeconds: number;
  readonly tasks: readonly SelectedTask[];
}

export function planDispatch(input: PlanInput): DispatchPlan {
  const groups =
    input.sequence === 'parallel'
      ? [input.tasks.flatMap((selected) => selected.targets)]
      : input.tasks.map((selected) => selected.targets);
  const steps = groups
    .filter((targets) => targets.length > 0)
    .map((targets, index) => {
      const base = input.sequence === 'parallel' ? input.chaosId : `${input.chaosId}-s${index + 1}`;
      const commands = commandsOfStep(base, targets, input);
      return { index, targets, commands, unitIds: [...new Set(commands.map((c) => c.unitId))] };
    });
  return { sequence: input.sequence, durationMs: input.durationSeconds * 1000, steps };
}

/** The absolute deadline (UTC epoch ms) of a step that starts now. */
export function stepDeadline(plan: DispatchPlan, startedAtMs: number): number {
  return startedAtMs + plan.durationMs;
}

/** Shard j > 1 of a step exists only when one instance's targets outgrow one command. */
const shardId = (base: string, shard: number): string =>
  shard === 0 ? base : `${base}-p${shard + 1}`;

function commandsOfStep(
  base: string,
  targets: readonly Target[],
  input: PlanInput,
): PlannedCommand[] {
  const shards: [string, Target[]][][] = [];
  for (const [instanceId, own] of byInstance(targets)) {
    chunksOf(own, (shard) => shardId(base, shard), input).forEach((chunk, shard) => {
      (shards[shard] ??= []).push([instanceId, chunk]);
    });
  }
  return shards.flatMap((entries, shard) => packInstances(shardId(base, shard), entries, input));
}

function byInstance(targets: readonly Target[]): Map<string, Target[]> {
  const sorted = [...targets].sort(
    (a, b) => order(a.instanceId, b.instanceId) || order(a.taskArn, b.taskArn),
  );
  const groups = new Map<string, Target[]>();
  for (const target of sorted)
    groups.set(target.instanceId, [...(groups.get(target.instanceId) ?? []), target]);
  return groups;
}

const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One instance's targets in as few chunks as fit the budget; chunk j goes to shard j. */
function chunksOf(
  targets: readonly Target[],
  unitOf: (shard: number) => string,
  input: PlanInput,
): Target[][] {
  const fits = (shard: number, list: readonly Target[]): boolean =>
    input.measure(unitOf(shard), list) <= input.maxCommandBytes;
  const chunks: Target[][] = [[]];
  for (const target of targets) {
    const shard = chunks.length - 1;
    const current = chunks[shard] ?? [];
    if (fits(shard, [...current, target])) current.push(target);
    else if (current.length > 0 && fits(shard + 1, [target])) chunks.push([target]);
    else throw tooLarge(input, target);
  }
  return chunks;
}

/**
 * Whole instances into commands: at most 50 instances and the byte budget each. An
 * instance whose targets alone outgrow the budget still gets a command of its own: the
 * plan shards those before (chunksOf), and a revert's build is smaller than the inject's.
 */
export function packInstances(
  unitId: string,
  entries: readonly (readonly [string, readonly Target[]])[],
  input: CommandBudget,
): PlannedCommand[] {
  const commands: PlannedCommand[] = [];
  let instanceIds: string[] = [];
  let targets: Target[] = [];
  for (const [instanceId, own] of entries) {
    const fits =
      instanceIds.length < MAX_INSTANCES_PER_COMMAND &&
      input.measure(unitId, [...targets, ...own]) <= input.maxCommandBytes;
    if (!fits && instanceIds.length > 0) {
      commands.push({ unitId, instanceIds, targets });
      [instanceIds, targets] = [[], []];
    }
    instanceIds.push(instanceId);
    targets.push(...own);
  }
  if (instanceIds.length > 0) commands.push({ unitId, instanceIds, targets });
  return commands;
}

function tooLarge(input: PlanInput, target: Target): ChaosError {
  const bytes = input.measure(input.chaosId, [target]);
  return new ChaosError({
    code: 'CONFIG_INVALID',
    phase: 'select',
    target: 'SSM_COMMAND_MAX_BYTES',
    reason: `one target alone needs ${bytes} bytes of command text (host script included), more than SSM_COMMAND_MAX_BYTES=${input.maxCommandBytes}`,
    fix: 'raise SSM_COMMAND_MAX_BYTES (up to 65536) or shorten LIB_IMAGE; nothing was sent',
  });
}
