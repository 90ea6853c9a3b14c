/**
 * The progress line under the run's log: the phase, the time left in the window, and what
 * the clients have seen so far, split between targeted tasks and the others.
 */
import type { RoundRobinBalancer } from '../world/balancer.js';
import type { RunMoments } from './executor.js';
import type { ServiceLoad } from './load.js';

const REDRAW_MS = 250;

export function progressText(
  now: number,
  moments: RunMoments,
  load: ServiceLoad,
  balancer: RoundRobinBalancer | undefined,
): string {
  const targeted = new Set(moments.targets);
  let onTargets = 0;
  let onOthers = 0;
  for (const task of load.perTask) {
    const resets = task.count('reset');
    if (targeted.has(task.task.taskArn)) onTargets += resets;
    else onOthers += resets;
  }
  const clients =
    `clients: ${load.count('ok')} ok, ${onTargets + onOthers} reset` +
    (targeted.size === 0 ? '' : ` (targeted tasks ${onTargets}, others ${onOthers})`);
  let probe = '';
  if (balancer !== undefined) {
    const counts = [...balancer.counts.values()];
    const connections = counts.reduce((sum, one) => sum + one.connections, 0);
    const resets = counts.reduce((sum, one) => sum + one.resets, 0);
    probe = ` · probe: ${connections} tries, ${resets} reset`;
  }
  return `  ⏱ [${moments.phase}] ${windowText(now, moments)}${clients}${probe}`;
}

function windowText(now: number, moments: RunMoments): string {
  if (moments.phase === 'abort') return 'stopping: reverting · ';
  if (moments.deadlineMs === undefined || moments.readyMs === undefined) return '';
  const left = Math.ceil((moments.deadlineMs - now) / 1000);
  return left > 0 ? `${left} s left in the window · ` : 'window over · ';
}

/** Redraws the progress line until stopped. */
export function showProgress(draw: () => void): () => void {
  const timer = setInterval(draw, REDRAW_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
