/**
 * The demo's claims, checked against what the clients measured on their own: resets only
 * on targeted tasks and only inside the window, at about RESET_TIMEOUT after connect, and
 * the proxy's counters (from the ChaosResult) equal to the resets the clients saw.
 */
import type { RunMoments } from './executor.js';
import {
  DEADLINE_SLACK_MS,
  RESET_EARLY_MS,
  RESET_LATE_MS,
  type Check,
  type TaskReport,
} from './report.js';
import type { DemoSettings } from './settings.js';

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

function resetsOnlyOnTargets(tasks: readonly TaskReport[]): Check {
  const others = tasks.filter((task) => !task.targeted);
  const resets = sum(others.map((task) => task.clients.reset + task.probe.resets));
  return {
    name: 'resets only on targeted tasks',
    ok: resets === 0 && tasks.some((task) => task.targeted),
    detail: `${resets} reset(s) on the ${others.length} task(s) the run did not target`,
  };
}

function everyTargetBitten(
  tasks: readonly TaskReport[],
  settings: DemoSettings,
  stopped: boolean,
): Check {
  const targets = tasks.filter((task) => task.targeted);
  const quiet = targets.filter((task) => task.clients.reset === 0);
  const bitten = `${targets.length - quiet.length} of ${targets.length} targeted task(s) reset client connections`;
  const why =
    settings.toxicity === 0 || settings.slowClients === 0
      ? 'not expected with TOXICITY=0 or DEMO_SLOW_CLIENTS=0'
      : stopped
        ? 'not expected of a run stopped early'
        : undefined;
  return {
    name: 'every targeted task reset its clients',
    ok: why !== undefined || quiet.length === 0,
    detail: why === undefined ? bitten : `${bitten} (${why})`,
  };
}

function onlyInsideWindow(tasks: readonly TaskReport[], moments: RunMoments): Check {
  const before = sum(tasks.map((task) => task.clients.resetBeforeInject));
  const after = sum(tasks.map((task) => task.clients.resetAfterWindow));
  const deadline = moments.deadlineMs ?? Number.POSITIVE_INFINITY;
  const late = tasks
    .flatMap((task) => task.attempts)
    .filter(
      (attempt) => attempt.outcome === 'reset' && attempt.atMs > deadline + DEADLINE_SLACK_MS,
    );
  return {
    name: 'resets only during the window',
    ok: before === 0 && after === 0 && late.length === 0,
    detail: `${before} before injection, ${late.length} after the deadline, ${after} after the revert`,
  };
}

function resetTiming(tasks: readonly TaskReport[], settings: DemoSettings): Check {
  const times = tasks.flatMap((task) => task.clients.resetAfterMs);
  const low = settings.resetTimeoutMs - RESET_EARLY_MS;
  const high = settings.resetTimeoutMs + RESET_LATE_MS;
  const outside = times.filter((ms) => ms < low || ms > high);
  const range = times.length === 0 ? 'none' : `${Math.min(...times)}..${Math.max(...times)} ms`;
  return {
    name: `connect→reset near RESET_TIMEOUT=${settings.resetTimeoutMs} ms`,
    ok: outside.length === 0,
    detail: `${times.length} reset(s) measured, ${range}; ${outside.length} outside ${low}..${high} ms`,
  };
}

function countersMatch(tasks: readonly TaskReport[]): Check {
  const targets = tasks.filter((task) => task.targeted);
  const off = targets.filter(
    (task) => task.proxy?.resets !== task.clients.reset + task.probe.resets,
  );
  const parts = targets.map(
    (task) =>
      `${task.taskId.slice(0, 8)}: proxy ${task.proxy?.resets ?? 'no counters'} = ${task.clients.reset} + ${task.probe.resets}`,
  );
  return {
    name: "proxy resets = clients' resets + the probe's",
    ok: targets.length > 0 && off.length === 0,
    detail: parts.join('; '),
  };
}

/** The ChaosResult says, for every targeted task, which mechanism caused the fault (ADR 0131). */
function mechanismNamed(tasks: readonly TaskReport[]): Check {
  const targets = tasks.filter((task) => task.targeted);
  const named = targets.filter((task) => task.proxy?.mechanism !== undefined);
  return {
    name: 'the mechanism that ran is named',
    ok: targets.length > 0 && named.length === targets.length,
    detail: targets
      .map((task) => `${task.taskId.slice(0, 8)}: ${task.proxy?.mechanism ?? 'not reported'}`)
      .join('; '),
  };
}

export function runChecks(
  tasks: readonly TaskReport[],
  moments: RunMoments,
  settings: DemoSettings,
  hostLeftovers: readonly string[],
): Check[] {
  return [
    resetsOnlyOnTargets(tasks),
    everyTargetBitten(tasks, settings, moments.aborted),
    onlyInsideWindow(tasks, moments),
    resetTiming(tasks, settings),
    countersMatch(tasks),
    mechanismNamed(tasks),
    {
      name: 'hosts clean after the revert',
      ok: hostLeftovers.length === 0,
      detail:
        hostLeftovers.length === 0
          ? 'no container of ours, no tagged rule in any task namespace'
          : hostLeftovers.join('; '),
    },
  ];
}
