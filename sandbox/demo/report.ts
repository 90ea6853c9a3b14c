/**
 * What the demo measured, per task, put next to what the run reported: the numbers of the
 * final report and of summary.json, and the checks that compare them.
 */
import type { ChaosResultObject } from '../../src/result/types.js';
import type { EcsTask } from '../docker/index.js';
import type { BalancedCounts } from '../world/balancer.js';
import type { RunMoments } from './executor.js';
import type { KindedAttempt } from './load.js';

/** How far a client-measured connect→reset time may be from RESET_TIMEOUT and still pass. */
export const RESET_EARLY_MS = 50;
export const RESET_LATE_MS = 1_000;
/** A reset may be seen this long after the deadline (clock reads, event loop turns). */
export const DEADLINE_SLACK_MS = 1_000;

export interface ProxyCounters {
  readonly connections: number;
  readonly resets: number;
  readonly passedThrough: number;
  readonly upstreamErrors: number;
  /** `destroy` or `relay` (ADR 0131), and why; absent from an older proxy's report. */
  readonly mechanism: string | undefined;
  readonly mechanismWhy: string | undefined;
}

export interface TaskReport {
  readonly taskId: string;
  readonly taskArn: string;
  readonly instanceId: string;
  readonly ip: string;
  readonly targeted: boolean;
  readonly clients: {
    readonly ok: number;
    readonly reset: number;
    readonly closed: number;
    readonly error: number;
    readonly resetBeforeInject: number;
    readonly resetAfterWindow: number;
    /** Client-side connect → RST, ms, of every reset seen (sorted). */
    readonly resetAfterMs: readonly number[];
    readonly resetMedianMs: number | undefined;
    readonly resetWorstMs: number | undefined;
  };
  /** The probe's connections the load balancer sent to this task. */
  readonly probe: BalancedCounts;
  /** From the ChaosResult's faultEvidence; undefined for tasks the run did not target. */
  readonly proxy: ProxyCounters | undefined;
  readonly attempts: readonly KindedAttempt[];
}

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

function median(sorted: readonly number[]): number | undefined {
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : Math.round(((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2);
}

/** The end of the fault: the revert's log line, else the deadline, else never. */
export function windowEndMs(moments: RunMoments): number {
  return moments.revertedMs ?? moments.deadlineMs ?? Number.POSITIVE_INFINITY;
}

export function taskReport(
  task: EcsTask,
  attempts: readonly KindedAttempt[],
  context: {
    readonly moments: RunMoments;
    readonly probe: BalancedCounts | undefined;
    readonly proxy: ProxyCounters | undefined;
  },
): TaskReport {
  const { moments } = context;
  const of = (outcome: string) => attempts.filter((attempt) => attempt.outcome === outcome);
  const resets = of('reset');
  const injectMs = moments.injectMs ?? Number.POSITIVE_INFINITY;
  const endMs = windowEndMs(moments);
  const resetAfterMs = resets
    .filter((attempt) => attempt.connectMs !== undefined)
    .map((attempt) => attempt.atMs - (attempt.connectMs ?? 0))
    .sort((a, b) => a - b);
  return {
    taskId: task.taskId,
    taskArn: task.taskArn,
    instanceId: task.instanceId,
    ip: task.ip,
    targeted: moments.targets.includes(task.taskArn),
    clients: {
      ok: of('ok').length,
      reset: resets.length,
      closed: of('closed').length,
      error: of('error').length,
      resetBeforeInject: resets.filter((attempt) => (attempt.connectMs ?? 0) < injectMs).length,
      resetAfterWindow: resets.filter((attempt) => attempt.atMs > endMs).length,
      resetAfterMs,
      resetMedianMs: median(resetAfterMs),
      resetWorstMs: resetAfterMs.at(-1),
    },
    probe: context.probe ?? { connections: 0, resets: 0 },
    proxy: context.proxy,
    attempts,
  };
}

/** The proxy counters per task ARN from a ChaosResult's status.faultEvidence. */
export function proxyCountersOf(result: ChaosResultObject | undefined): Map<string, ProxyCounters> {
  const found = new Map<string, ProxyCounters>();
  for (const target of result?.status.faultEvidence?.targets ?? []) {
    if (target.connections === undefined) continue;
    found.set(target.name, {
      connections: target.connections,
      resets: target.resets ?? 0,
      passedThrough: target.passedThrough ?? 0,
      upstreamErrors: target.upstreamErrors ?? 0,
      mechanism: target.mechanism,
      mechanismWhy: target.mechanismWhy,
    });
  }
  return found;
}
