/**
 * What `make demo LITMUS=1` shows at the end: the ChaosEngine's status beside the
 * ChaosResult, row by row, as `kubectl get chaosengine,chaosresult -o yaml` would have them,
 * then what the run did on the hosts and where everything is kept.
 */
import { engineStatus, type Json } from '../../litmus/engine.js';
import type { Ran } from '../../litmus/scenario.js';

export const text = (value: unknown): string =>
  value === undefined || value === null
    ? '-'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

const field = (object: Json | undefined, key: string): Json => ((object ?? {})[key] ?? {}) as Json;

/** Rows of [what, engine's status, ChaosResult's status]. */
export function sideBySide(ran: Ran): (readonly [string, string, string])[] {
  const engine = engineStatus(ran.engine);
  const experiment = ((engine['experiments'] ?? []) as Json[])[0] ?? {};
  const status = field(ran.result, 'status');
  const result = field(status, 'experimentStatus');
  const evidence = status['faultEvidence'] as Json | undefined;
  const history = field(status, 'history');
  const probes = ((status['probeStatuses'] ?? []) as Json[]).map(
    (probe) =>
      `${text(probe['name'])} (${text(probe['mode'])}): ${text(field(probe, 'status')['verdict'])}`,
  );
  const targets = ((history['targets'] ?? []) as Json[]).map(
    (target) => `${text(target['name']).split('/').at(-1) ?? ''} ${text(target['chaosStatus'])}`,
  );
  return [
    ['state', text(engine['engineStatus']), text(result['phase'])],
    ['verdict', text(experiment['verdict']), text(result['verdict'])],
    ['experiment', text(experiment['status']), text(field(ran.result, 'spec')['experiment'])],
    [
      'pod, job',
      text(experiment['experimentPod']),
      `job ${text(field(field(ran.result, 'metadata'), 'labels')['job-name'])} (its label)`,
    ],
    ['runner', text(experiment['runner']), '-'],
    ['probes', '-', probes.join('; ') || '-'],
    [
      'evidence',
      '-',
      evidence === undefined
        ? '-'
        : `${text(evidence['effect'])}: ${text(evidence['connections'])} connections, ${text(evidence['resets'])} resets`,
    ],
    ['targets', '-', targets.join('; ') || '-'],
    [
      'history',
      '-',
      `passed ${text(history['passedRuns'])}, failed ${text(history['failedRuns'])}, stopped ${text(history['stoppedRuns'])}`,
    ],
    ['error', '-', text(field(result, 'errorOutput')['reason'])],
  ];
}

export function table(rows: readonly (readonly [string, string, string])[]): string[] {
  const widths = [12, 44];
  const line = (cells: readonly string[]) =>
    cells.map((cell, index) => (index < 2 ? cell.padEnd(widths[index] ?? 0) : cell)).join(' ');
  return [
    line(['', 'ChaosEngine .status', 'ChaosResult .status']),
    ...rows.map((row) => line(row)),
  ];
}

/** The checks the demo claims; each names what it saw. */
export function checks(ran: Ran): { readonly ok: boolean; readonly text: string }[] {
  const experiment = ((engineStatus(ran.engine)['experiments'] ?? []) as Json[])[0] ?? {};
  const verdict = field(field(ran.result, 'status'), 'experimentStatus')['verdict'];
  return [
    {
      ok: experiment['status'] === 'Completed',
      text: `the runner saw the experiment complete (engine: ${text(experiment['status'])})`,
    },
    {
      ok: experiment['verdict'] === verdict,
      text: `the engine's verdict (${text(experiment['verdict'])}) is the ChaosResult's (${text(verdict)})`,
    },
    {
      ok: ran.experimentPods.length === 1,
      text: `the experiment pod ran once (${ran.experimentPods.length} pod(s))`,
    },
    { ok: ran.injects === 1, text: `one inject command went to SSM (${ran.injects})` },
    {
      ok: ran.left.length === 0,
      text: `nothing of the run is left on the hosts (${ran.left.length})`,
    },
  ];
}
