/**
 * Client load on every task: real HTTP clients, each request on a fresh connection. One
 * fast client (GET / again and again: answered in milliseconds, long before any reset)
 * and a few slow ones (GET /slow?ms=N, N > RESET_TIMEOUT: the requests a reset catches).
 */
import type { EcsTask } from '../docker/index.js';
import { Client, type Attempt, type Outcome } from '../world/traffic.js';
import { urlOf } from '../world/world.js';

/** No client outlives this, whatever happens to the demo. */
const MAX_LOAD_MS = 15 * 60_000;
/** Pause between two slow requests of one client. */
const SLOW_PAUSE_MS = 200;

export interface LoadShape {
  readonly fastEveryMs: number;
  readonly slowClients: number;
  readonly slowMs: number;
}

export interface KindedAttempt extends Attempt {
  readonly kind: 'fast' | 'slow';
}

export class TaskLoad {
  private readonly fast: Client;
  private readonly slow: Client[];

  constructor(
    readonly task: EcsTask,
    shape: LoadShape,
  ) {
    this.fast = new Client(urlOf(task), {
      everyMs: shape.fastEveryMs,
      timeoutMs: 5_000,
      maxMs: MAX_LOAD_MS,
    });
    this.slow = Array.from(
      { length: shape.slowClients },
      () =>
        new Client(urlOf(task, `/slow?ms=${shape.slowMs}`), {
          everyMs: SLOW_PAUSE_MS,
          timeoutMs: shape.slowMs + 5_000,
          maxMs: MAX_LOAD_MS,
        }),
    );
  }

  /** Every request that ended, oldest first. */
  attempts(): KindedAttempt[] {
    const all: KindedAttempt[] = [
      ...this.fast.attempts.map((attempt) => ({ ...attempt, kind: 'fast' as const })),
      ...this.slow.flatMap((client) =>
        client.attempts.map((attempt) => ({ ...attempt, kind: 'slow' as const })),
      ),
    ];
    return all.sort((a, b) => a.atMs - b.atMs);
  }

  count(outcome: Outcome, fromMs = 0): number {
    return [this.fast, ...this.slow].reduce(
      (sum, client) => sum + client.count(outcome, fromMs),
      0,
    );
  }

  /** Stops every client; requests still under way are dropped, not counted. */
  async stop(): Promise<void> {
    await Promise.all([this.fast, ...this.slow].map((client) => client.stop({ abandon: true })));
  }
}

export class ServiceLoad {
  readonly perTask: TaskLoad[];

  constructor(tasks: readonly EcsTask[], shape: LoadShape) {
    this.perTask = tasks.map((task) => new TaskLoad(task, shape));
  }

  count(outcome: Outcome, fromMs = 0): number {
    return this.perTask.reduce((sum, load) => sum + load.count(outcome, fromMs), 0);
  }

  /** Resets per task id since `fromMs`. */
  resetsByTask(fromMs = 0): Map<string, number> {
    return new Map(this.perTask.map((load) => [load.task.taskId, load.count('reset', fromMs)]));
  }

  async stop(): Promise<void> {
    await Promise.all(this.perTask.map((load) => load.stop()));
  }
}
