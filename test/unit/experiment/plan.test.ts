import { PROFILE_FAULT } from '../../../src/build/capacity.js';
import { describe, expect, it } from '@jest/globals';
import type { FaultConfig } from '../../../src/config/run-config.js';
import { ChaosError } from '../../../src/errors/chaos-error.js';
import { commandSizer, commandTextFor } from '../../../src/experiment/commands.js';
import {
  MAX_INSTANCES_PER_COMMAND,
  planDispatch,
  stepDeadline,
  type DispatchPlan,
  type PlanInput,
} from '../../../src/experiment/plan.js';
import type { SelectedTask } from '../../../src/experiment/select.js';
import type { Target } from '../../../src/experiment/types.js';
import { commandBytes } from '../../../src/host/payload.js';
import { ec2Id, target, task } from './fixtures.js';

/** Selected tasks with `targetsPerTask` targets each, task i on instance instanceOf(i). */
function selected(
  count: number,
  instanceOf: (i: number) => number,
  targetsPerTask = 1,
): SelectedTask[] {
  return Array.from({ length: count }, (_, i) => ({
    task: task(i + 1),
    targets: Array.from({ length: targetsPerTask }, (_, c) =>
      target(i + 1, instanceOf(i), `c${c}`),
    ),
  }));
}

/** A simple size model: 100 bytes of script plus 10 per target line. */
const linear = (_unit: string, targets: readonly Target[]): number => 100 + 10 * targets.length;

function plan(overrides: Partial<PlanInput>): DispatchPlan {
  return planDispatch({
    chaosId: 'run-1',
    sequence: 'parallel',
    durationSeconds: 60,
    tasks: selected(3, (i) => i % 2),
    maxCommandBytes: 32768,
    measure: linear,
    ...overrides,
  });
}

/** What must hold for any plan: nothing lost, nothing doubled, limits kept. */
function expectSound(
  result: DispatchPlan,
  tasks: readonly SelectedTask[],
  budget: number,
  measure = linear,
) {
  const planned = result.steps.flatMap((step) =>
    step.commands.flatMap((command) => command.targets),
  );
  const wanted = tasks.flatMap((t) => t.targets);
  expect(planned).toHaveLength(wanted.length);
  expect(new Set(planned)).toEqual(new Set(wanted));
  for (const step of result.steps) {
    for (const unitId of step.unitIds) {
      const seen = step.commands.filter((c) => c.unitId === unitId).flatMap((c) => c.instanceIds);
      expect(new Set(seen).size).toBe(seen.length); // an instance once per chaos id
    }
    for (const command of step.commands) {
      expect(command.instanceIds.length).toBeLessThanOrEqual(MAX_INSTANCES_PER_COMMAND);
      expect(new Set(command.targets.map((t) => t.instanceId))).toEqual(
        new Set(command.instanceIds),
      );
      expect(measure(command.unitId, command.targets)).toBeLessThanOrEqual(budget);
    }
  }
}

describe('parallel', () => {
  it('is one step under the chaos id, grouped by instance', () => {
    const tasks = selected(3, (i) => i % 2);
    const result = plan({ tasks });
    expect(result.steps).toHaveLength(1);
    expect(result.steps[0]!.unitIds).toEqual(['run-1']);
    expect(result.steps[0]!.commands).toEqual([
      {
        unitId: 'run-1',
        instanceIds: [ec2Id(0), ec2Id(1)],
        targets: [tasks[0]!.targets[0], tasks[2]!.targets[0], tasks[1]!.targets[0]],
      },
    ]);
  });

  it('puts at most 50 instances in a command', () => {
    const tasks = selected(120, (i) => i);
    const result = plan({ tasks });
    expect(result.steps[0]!.commands.map((c) => c.instanceIds.length)).toEqual([50, 50, 20]);
    expectSound(result, tasks, 32768);
  });

  it('splits by size, keeping each instance whole', () => {
    const tasks = selected(20, (i) => Math.floor(i / 2), 1); // 10 instances × 2 targets
    const result = plan({ tasks, maxCommandBytes: 100 + 10 * 5 }); // room for 5 lines
    expect(result.steps[0]!.commands.map((c) => c.targets.length)).toEqual([4, 4, 4, 4, 4]);
    expectSound(result, tasks, 150);
  });

  it('gives an instance too large for one command extra chaos ids, one command each', () => {
    const tasks = selected(12, () => 7).concat(selected(1, () => 8));
    const result = plan({ tasks, maxCommandBytes: 100 + 10 * 5 });
    const step = result.steps[0]!;
    expect(step.unitIds).toEqual(['run-1', 'run-1-p2', 'run-1-p3']);
    expect(step.commands.map((c) => [c.unitId, c.instanceIds, c.targets.length])).toEqual([
      ['run-1', [ec2Id(7)], 5],
      ['run-1', [ec2Id(8)], 1],
      ['run-1-p2', [ec2Id(7)], 5],
      ['run-1-p3', [ec2Id(7)], 2],
    ]);
    expectSound(result, tasks, 150);
  });

  it('refuses a target that cannot fit a command on its own, naming the setting', () => {
    let caught: unknown;
    try {
      plan({ maxCommandBytes: 105 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ChaosError);
    expect((caught as ChaosError).code).toBe('CONFIG_INVALID');
    expect((caught as ChaosError).target).toBe('SSM_COMMAND_MAX_BYTES');
    expect((caught as ChaosError).reason).toContain('one target alone needs 110 bytes');
  });
});

describe('serial', () => {
  const tasks = [
    ...selected(1, () => 1, 2),
    { task: task(9), targets: [target(9, 1)] },
    { task: task(5), targets: [target(5, 2)] },
  ];

  it('is one step per task, in the order selected, each with its own chaos id', () => {
    const result = plan({ tasks, sequence: 'serial' });
    expect(result.steps.map((step) => step.unitIds)).toEqual([
      ['run-1-s1'],
      ['run-1-s2'],
      ['run-1-s3'],
    ]);
    expect(result.steps.map((step) => step.targets.map((t) => t.taskArn))).toEqual([
      [task(1).arn, task(1).arn],
      [task(9).arn],
      [task(5).arn],
    ]);
    expectSound(result, tasks, 32768);
  });

  it('lets each step take its deadline when it starts', () => {
    const result = plan({ tasks, sequence: 'serial', durationSeconds: 30 });
    const started = [1_700_000_000_000, 1_700_000_031_500, 1_700_000_063_250];
    expect(started.map((at) => stepDeadline(result, at))).toEqual([
      1_700_000_030_000, 1_700_000_061_500, 1_700_000_093_250,
    ]);
  });
});

describe('with the real command text', () => {
  // The sizing profile of the build tool, on port 80.
  const fault: FaultConfig = { ...PROFILE_FAULT, targetPort: 80 };

  const script = `#!/bin/sh\n${'# a long host script line with "quotes" and \\ backslashes\n'.repeat(400)}`;

  it('keeps every command within the byte budget as it will be sent', () => {
    const tasks = selected(300, (i) => (i * 7) % 120, 2);
    const measure = commandSizer(fault, script);
    const budget = 32768;
    const result = plan({ tasks, measure, maxCommandBytes: budget });
    expectSound(result, tasks, budget, measure);
    expect(result.steps[0]!.commands.length).toBeGreaterThan(3);
    const deadline = stepDeadline(result, 1_700_000_000_000);
    for (const command of result.steps[0]!.commands) {
      const text = commandTextFor(
        {
          fault,
          unitId: command.unitId,
          mode: 'inject',
          targets: command.targets,
          deadlineMs: deadline,
        },
        script,
      );
      expect(commandBytes(text)).toBeLessThanOrEqual(budget);
      expect(commandBytes(text)).toBe(measure(command.unitId, command.targets));
    }
  });
});
