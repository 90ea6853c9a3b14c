/** The scale tables (bench/README.md "Scale"), from the runs' results. */
import { cell, formatTable } from '../table.js';
import { totalCalls, type Costs } from './attribute.js';
import type { ScaleResult, ScaleSettings } from './run-one.js';

/** The targets for 1000 tasks (bench/README.md, "Scale"): injected within 15 s, reverted within 10 s. */
export const TARGETS = { tasks: 1000, injectS: 15, revertS: 10 } as const;

const PHASES = ['preflight', 'select', 'inject', 'chaos', 'revert'] as const;

const sendCell = (costs: Costs, phase: string) => {
  const send = costs.sends[phase];
  if (send === undefined) return '0';
  return `${send.count} × ≤${cell(send.maxBytes / 1024, 1)} KiB`;
};

const throttled = (costs: Costs) =>
  Object.values(costs.throttles).reduce((sum, row) => sum + totalCalls(row), 0);

const byAction = (row: Record<string, number> | undefined) =>
  Object.entries(row ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([action, n]) => `${action} ${n}`)
    .join(', ') || '–';

function verdict(result: ScaleResult): string {
  if (result.exitCode !== 0) return `exit ${String(result.exitCode)}`;
  if (result.tasks !== TARGETS.tasks) return 'ok';
  const inject = result.injectS !== null && result.injectS <= TARGETS.injectS;
  const revert = result.revertS !== null && result.revertS <= TARGETS.revertS;
  return inject && revert ? 'targets met' : 'TARGET MISSED';
}

function summaryTable(results: readonly ScaleResult[]): string {
  const rows = results.map((r) => [
    `${cell(r.tasks)} on ${cell(r.instances)}`,
    r.polling,
    cell(r.windowS),
    cell(r.preflightS, 2),
    cell(r.selectS, 2),
    cell(r.injectS, 2),
    cell(r.revertS, 2),
    sendCell(r.costs, 'inject'),
    ...PHASES.map((phase) => cell(totalCalls(r.costs.calls[phase]))),
    cell(throttled(r.costs)),
    cell(r.peakRssMiB, 1),
    verdict(r),
  ]);
  return formatTable(
    'Scale: the executor against simulated hosts, AWS rate buckets applied (calls per phase)',
    [
      'tasks on hosts',
      'polling',
      'window s',
      'preflight s',
      'plan s',
      'inject s',
      'revert s',
      'SendCommand (inject)',
      ...PHASES,
      'throttled',
      'peak RSS MiB',
      'result',
    ],
    rows,
  );
}

/** Calls by action in each phase: `ListCommandInvocations 12, GetCommandInvocation 250`. */
function actionTable(results: readonly ScaleResult[]): string {
  const rows = results.flatMap((r) =>
    ['preflight', 'inject', 'chaos', 'revert'].map((phase) => [
      `${cell(r.tasks)} ${r.polling}`,
      phase,
      byAction(r.costs.calls[phase]),
      byAction(r.costs.throttles[phase]),
    ]),
  );
  return formatTable(
    'Scale: calls by action, and the ThrottlingException answers among them',
    ['tasks', 'phase', 'calls', 'throttled'],
    rows,
  );
}

export function renderScale(
  settings: Omit<ScaleSettings, 'tasks' | 'instances' | 'polling' | 'windowS'>,
  results: readonly ScaleResult[],
): string {
  const { hostDelayMs: host } = settings;
  const note =
    `SSM_COMMAND_MAX_BYTES ${settings.maxCommandBytes}; SSM_CALLS_PER_SECOND ${settings.ssmCallsPerSecond}; ` +
    `SSM assumed to allow ${settings.awsSsmPerSecond}/s per action (burst ${2 * settings.awsSsmPerSecond}); simulated host answers after inject ${host.inject} ms, ` +
    `revert ${host.revert} ms, status ${host.status} ms; ${settings.apiLatencyMs} ms per API call; ` +
    `targets for ${TARGETS.tasks} tasks: inject ≤ ${TARGETS.injectS} s, revert ≤ ${TARGETS.revertS} s after the window`;
  const failures = results
    .filter((r) => r.exitCode !== 0)
    .map((r) => `  ${r.tasks} tasks (${r.polling}): ${r.finished ?? 'no result'}`);
  return [
    summaryTable(results),
    note,
    ...(failures.length === 0 ? [] : ['runs that did not end Pass:', ...failures]),
    '',
    actionTable(results),
    '',
  ].join('\n');
}
