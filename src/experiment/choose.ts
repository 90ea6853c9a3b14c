import type { Random } from '../core/clock.js';
import { draw } from '../core/clock.js';
import type { TaskInfo } from './types.js';

/** Litmus's rounding (docs/reference/tunables.md §3): at least one, else the floor of the share. */
export function affectedCount(percent: number, n: number): number {
  if (n <= 0) return 0;
  return Math.min(n, Math.max(1, Math.floor((percent * n) / 100)));
}

/**
 * `count` distinct tasks, uniformly at random through the injected source. The input is
 * ordered by ARN first, so the choice depends on the random draws alone and a test (or an
 * incident review) can replay it.
 */
export function chooseTasks(
  tasks: readonly TaskInfo[],
  count: number,
  random: Random,
): readonly TaskInfo[] {
  const pool = [...tasks].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  const take = Math.min(count, pool.length);
  for (let i = 0; i < take; i += 1) {
    const j = i + draw(random, pool.length - i);
    const picked = pool[j];
    const current = pool[i];
    if (picked === undefined || current === undefined) break;
    pool[i] = picked;
    pool[j] = current;
  }
  return pool.slice(0, take);
}
