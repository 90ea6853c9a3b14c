import { describe, expect, it } from '@jest/globals';
import type { Selection } from '../../../src/config/run-config.js';
import { ChaosError } from '../../../src/errors/chaos-error.js';
import { affectedCount, chooseTasks } from '../../../src/experiment/choose.js';
import { servicePopulation } from '../../../src/experiment/population.js';
import type { Random } from '../../../src/core/clock.js';
import { selectTargets } from '../../../src/experiment/select.js';
import type { TaskInfo } from '../../../src/experiment/types.js';
import { CLUSTER, container, instances, task, taskArn } from './fixtures.js';

const replay = (...draws: number[]): Random => ({ int: () => draws.shift() ?? 0 });

/** A small seeded generator (mulberry32), so the statistics below are reproducible. */
function seeded(seed: number): Random {
  let state = seed;
  return {
    int: (bound) => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * bound);
    },
  };
}

describe('affectedCount = max(1, floor(perc × n / 100))', () => {
  it.each([
    [100, 1, 1],
    [1, 1, 1],
    [50, 1, 1],
    [1, 100, 1],
    [1, 199, 1],
    [1, 200, 2],
    [50, 3, 1],
    [50, 4, 2],
    [33, 10, 3],
    [99, 10, 9],
    [100, 10, 10],
    [10, 9, 1],
    [25, 8, 2],
    [75, 4, 3],
    [100, 1000, 1000],
    [50, 0, 0],
    // 0 % is one task, as Litmus counts it.
    [0, 10, 1],
    [0, 1, 1],
  ])('perc %i of n=%i → %i', (perc, n, expected) => {
    expect(affectedCount(perc, n)).toBe(expected);
  });
});

describe('chooseTasks', () => {
  const tasks = [1, 2, 3, 4, 5].map((n) => task(n));

  it('takes distinct tasks as the random draws say, whatever the input order', () => {
    const chosen = chooseTasks(tasks, 2, replay(4, 0));
    expect(chosen.map((t) => t.arn)).toEqual([taskArn(5), taskArn(2)]);
    const reversed = chooseTasks([...tasks].reverse(), 2, replay(4, 0));
    expect(reversed.map((t) => t.arn)).toEqual([taskArn(5), taskArn(2)]);
  });

  it('never takes more than there are', () => {
    expect(chooseTasks(tasks, 9, replay())).toHaveLength(5);
    expect(new Set(chooseTasks(tasks, 5, seeded(7)).map((t) => t.arn)).size).toBe(5);
  });

  it('gives every task the same chance', () => {
    const counts = new Map<string, number>();
    const random = seeded(42);
    for (let i = 0; i < 5000; i += 1) {
      const [picked] = chooseTasks(tasks, 1, random);
      counts.set(picked!.arn, (counts.get(picked!.arn) ?? 0) + 1);
    }
    for (const t of tasks) expect(Math.abs((counts.get(t.arn) ?? 0) - 1000)).toBeLessThan(150);
  });
});

describe('selectTargets', () => {
  const rules = {
    clusterName: CLUSTER,
    targetPort: 80,
    targetContainer: undefined,
    instances: instances(1, 2, 3, 4),
  };
  const service = (percent: number): Selection => ({
    kind: 'service',
    serviceName: 'checkout',
    affectedPercent: percent,
  });
  const population = (tasks: TaskInfo[]) => servicePopulation('checkout', tasks);

  it.each([
    [100, 4],
    [50, 2],
    [25, 1],
    [1, 1],
  ])('perc %i of 4 tasks selects %i', (percent, expected) => {
    const tasks = [1, 2, 3, 4].map((n) => task(n));
    const result = selectTargets({
      population: population(tasks),
      selection: service(percent),
      rules,
      random: seeded(1),
    });
    expect(result.eligibleCount).toBe(4);
    expect(result.tasks).toHaveLength(expected);
    expect(result.targets).toHaveLength(expected);
  });

  it('counts n over RUNNING EC2 tasks only', () => {
    const tasks = [
      task(1),
      task(2),
      task(3, { launchType: 'FARGATE' }),
      task(4, { lastStatus: 'PENDING' }),
    ];
    const result = selectTargets({
      population: population(tasks),
      selection: service(50),
      rules,
      random: replay(0),
    });
    expect(result.eligibleCount).toBe(2);
    expect(result.tasks.map((selected) => selected.task.arn)).toEqual([taskArn(1)]);
  });

  it('takes every named task', () => {
    const tasks = [task(1), task(2)];
    const result = selectTargets({
      population: { eligible: tasks, notices: [] },
      selection: { kind: 'tasks', taskIds: [], guardService: undefined },
      rules,
      random: replay(),
    });
    expect(result.tasks.map((selected) => selected.task.arn)).toEqual([taskArn(1), taskArn(2)]);
  });

  it('names every selected task that has nothing to target, and what it has', () => {
    const tasks = [
      task(1),
      task(2, { containers: [container('api', 8080)] }),
      task(3, { networkMode: 'host' }),
    ];
    let caught: unknown;
    try {
      selectTargets({
        population: population(tasks),
        selection: service(100),
        rules,
        random: seeded(3),
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ChaosError);
    const error = caught as ChaosError;
    expect(error.code).toBe('TARGET_SELECTION_ERROR');
    expect(error.phase).toBe('select');
    expect(error.reason).toContain('2 of 3 selected task(s) have nothing to target on port 80');
    expect(error.reason).toContain(
      `task ${taskArn(2)}: no container publishes containerPort 80/tcp (found: "api" [8080->40848/tcp])`,
    );
    expect(error.reason).toContain(`task ${taskArn(3)}: network mode host is not supported`);
  });
});
