import { EXIT } from '../cli/context.js';
import { isProbeFailure, type ChaosError } from '../errors/chaos-error.js';
import type { ProbeReport, RunOutcome } from './reporting.js';

/** What happened, as the orchestrator saw it; the same shape the ChaosResult side decides on. */
export interface OutcomeInput {
  readonly injected: boolean;
  readonly probes: ProbeReport;
  readonly abortedBy?: 'SIGTERM' | 'SIGINT';
  readonly error?: ChaosError;
  readonly revertError?: ChaosError;
}

type Rule = (input: OutcomeInput) => RunOutcome | undefined;

const because = (error: ChaosError): string => `${error.code}: ${error.message}`;

/**
 * Exit code and verdict in one place (DESIGN.md: 0 Pass, 1 Fail, 2 invalid, 3 Error,
 * 130/143 stopped by a signal after cleanup). A fault possibly left behind outranks
 * everything, even an abort. The first rule that applies decides.
 */
const RULES: readonly Rule[] = [
  ({ revertError }) =>
    revertError && { exitCode: EXIT.error, summary: `verdict Error (${because(revertError)})` },
  ({ error }) =>
    error?.code === 'CONFIG_INVALID'
      ? { exitCode: EXIT.invalid, summary: `verdict Error (${because(error)})` }
      : undefined,
  ({ abortedBy }) =>
    abortedBy && {
      exitCode: abortedBy === 'SIGINT' ? EXIT.sigint : EXIT.sigterm,
      summary: `verdict Stopped (EXPERIMENT_ABORTED: ${abortedBy} received; the fault was reverted)`,
    },
  ({ error }) =>
    error !== undefined && !isProbeFailure(error.code)
      ? { exitCode: EXIT.error, summary: `verdict Error (${because(error)})` }
      : undefined,
  ({ probes }) =>
    probes.stoppedBy && {
      exitCode: EXIT.fail,
      summary: `verdict Stopped (probe ${probes.stoppedBy.name} failed with stopOnFailure)`,
    },
  ({ probes, error }) => {
    const failed = probes.statuses.filter((probe) => probe.status.verdict === 'Failed');
    if (failed.length === 0 && error === undefined) return undefined;
    const names = failed.map((probe) => probe.name).join(', ');
    return { exitCode: EXIT.fail, summary: `verdict Fail (probes failed: ${names})` };
  },
  ({ injected }) =>
    injected
      ? undefined
      : { exitCode: EXIT.error, summary: 'verdict Error (the run ended without injecting)' },
];

export function decideOutcome(input: OutcomeInput): RunOutcome {
  for (const rule of RULES) {
    const outcome = rule(input);
    if (outcome !== undefined) return outcome;
  }
  return { exitCode: EXIT.ok, summary: 'verdict Pass' };
}
