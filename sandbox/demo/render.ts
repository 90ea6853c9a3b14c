/**
 * The final report as a person reads it: the targets, what the clients saw per task, the
 * proxy counters from the ChaosResult beside them, the verdict with its reason, where the
 * ChaosResult is, and the checks.
 */
import type { ChaosResultStatus } from '../../src/result/types.js';
import { cell, shortTask, type Output } from './output.js';
import type { Check, TaskReport } from './report.js';
import type { DemoSettings } from './settings.js';
import type { ResultLocation } from './summary.js';

/** A header over a column of numbers: right-aligned like them. */
const head = (text: string, width: number): string => text.padStart(width);
const ms = (value: number | undefined): string => (value === undefined ? '—' : `${value} ms`);

export function renderTargets(out: Output, tasks: readonly TaskReport[], settings: DemoSettings) {
  const targets = tasks.filter((task) => task.targeted);
  out.line(
    `Targeted: ${targets.length} of ${tasks.length} tasks (TASK_REPLICA_AFFECTED_PERC=${settings.affectedPercent})`,
  );
  for (const task of targets)
    out.line(`  • task ${task.taskId} on ${task.instanceId} (${task.ip})`);
}

export function renderClients(out: Output, tasks: readonly TaskReport[]) {
  out.line('');
  out.line('What the clients saw, per task (every request on a fresh connection):');
  out.line(
    `  ${cell('task', 9)} ${cell('instance', 20)} ${cell('targeted', 8)} ${head('ok', 6)} ${head('reset', 6)} ${head('closed', 6)} ${head('other', 6)}  connect→reset median / worst`,
  );
  for (const task of tasks) {
    const { clients } = task;
    out.line(
      `  ${cell(shortTask(task.taskId), 9)} ${cell(task.instanceId, 20)} ${cell(task.targeted ? 'yes' : 'no', 8)} ${cell(clients.ok, 6)} ${cell(clients.reset, 6)} ${cell(clients.closed, 6)} ${cell(clients.error, 6)}  ${ms(clients.resetMedianMs)} / ${ms(clients.resetWorstMs)}`,
    );
  }
  const before = tasks.reduce((sum, task) => sum + task.clients.resetBeforeInject, 0);
  const after = tasks.reduce((sum, task) => sum + task.clients.resetAfterWindow, 0);
  const all = tasks.reduce((sum, task) => sum + task.clients.reset, 0);
  out.line(
    `  resets before the injection: ${before} · during the window: ${all - before - after} · after the revert: ${after}`,
  );
}

export function renderProxy(out: Output, tasks: readonly TaskReport[], effect: string) {
  out.line('');
  out.line(`Proxy counters (ChaosResult status.faultEvidence, effect ${effect}):`);
  out.line(
    `  ${cell('task', 9)} ${cell('mechanism', 9)} ${head('connections', 11)} ${head('resets', 6)} ${head('passed', 6)} ${head('upstream errors', 15)}  resets = clients' + probe's`,
  );
  const why = new Set<string>();
  for (const task of tasks.filter((one) => one.targeted)) {
    const proxy = task.proxy;
    if (proxy === undefined) {
      out.line(`  ${cell(shortTask(task.taskId), 9)} no counters reported`);
      continue;
    }
    const same = proxy.resets === task.clients.reset + task.probe.resets ? '✓' : '✗';
    if (proxy.mechanismWhy !== undefined)
      why.add(`${proxy.mechanism ?? '?'}: ${proxy.mechanismWhy}`);
    out.line(
      `  ${cell(shortTask(task.taskId), 9)} ${cell(proxy.mechanism ?? '?', 9)} ${cell(proxy.connections, 11)} ${cell(proxy.resets, 6)} ${cell(proxy.passedThrough, 6)} ${cell(proxy.upstreamErrors, 15)}  ${proxy.resets} = ${task.clients.reset} + ${task.probe.resets} ${same}`,
    );
  }
  for (const reason of why) out.line(`  mechanism ${reason}`);
}

export function renderVerdict(
  out: Output,
  status: ChaosResultStatus | undefined,
  explanation: string,
) {
  out.line('');
  const experiment = status?.experimentStatus;
  out.line(
    experiment === undefined
      ? 'Verdict: none (no ChaosResult)'
      : `Verdict: ${experiment.verdict} (phase ${experiment.phase}, probe success ${experiment.probeSuccessPercentage}%)`,
  );
  for (const probe of status?.probeStatuses ?? []) {
    out.line(
      `  probe ${probe.name} (${probe.type}, ${probe.mode}): ${probe.status.verdict}: ${probe.status.description}`,
    );
  }
  const error = experiment?.errorOutput;
  if (error !== undefined) out.line(`  ${error.errorCode}: ${error.reason}`);
  out.line(`  ${explanation}`);
}

export function renderLocation(out: Output, location: ResultLocation | null) {
  if (location === null) {
    out.line('ChaosResult: none was written');
    return;
  }
  const copy = location.copy === undefined ? '' : `; a copy is in ${location.copy}`;
  out.line(`ChaosResult: ${location.where}${copy}`);
}

export function renderChecks(out: Output, checks: readonly Check[]) {
  out.line('');
  out.line('Checks (the clients measured on their own; the run reported):');
  for (const check of checks) out.line(`  ${check.ok ? '✓' : '✗'} ${check.name}: ${check.detail}`);
}
