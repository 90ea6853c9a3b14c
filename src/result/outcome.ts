import { EXIT } from '../core/context.js';
import { isProbeFailure, type ChaosError } from '../errors/index.js';
import { afterAbort } from './causes.js';
import { percentage, probeFailureCode } from './probe-counts.js';
import type { HealthResult, HistoryCounter, Outcome, OutcomeInput } from './outcome-types.js';
import type { ErrorOutput, ProbeStatus, ResultPhase, ResultVerdict } from './types.js';

export type {
  HealthResult,
  HistoryCounter,
  Outcome,
  OutcomeInput,
  ProbeReport,
} from './outcome-types.js';

const NOT_EVALUATED = 'Either probe is not executed or not evaluated';
type Rule = (input: OutcomeInput) => Outcome | undefined;

/**
 * The one place that turns what happened into phase, verdict, probeSuccessPercentage,
 * errorOutput, history counter and exit code (docs/reference/litmus.md, ADR 0062). Rules are
 * tried in order; the first that applies decides.
 */
export function decideOutcome(input: OutcomeInput): Outcome {
  for (const rule of RULES) {
    const outcome = rule(input);
    if (outcome !== undefined) return outcome;
  }
  return passed(input);
}

const RULES: readonly Rule[] = [
  // A fault possibly left behind outranks everything, even an abort.
  (input) => (input.revertError === undefined ? undefined : errored(input, input.revertError)),
  (input) =>
    input.error?.code === 'CONFIG_INVALID' ? errored(input, input.error, EXIT.invalid) : undefined,
  // A stopOnFailure probe that failed first keeps its cause: the SIGTERM after it is the
  // operator acting on the run's own engine stop (ADR 0162, 0185).
  (input) =>
    input.abortedBy === undefined || input.probes.stoppedBy !== undefined
      ? undefined
      : aborted(input, input.abortedBy),
  (input) =>
    input.error !== undefined && !isProbeFailure(input.error.code)
      ? errored(input, input.error)
      : undefined,
  unsteadyBefore,
  // What probes and health saw was not the configured fault: no verdict on the service.
  (input) => (input.faultNotHeld === undefined ? undefined : errored(input, input.faultNotHeld)),
  (input) => (input.probes.stoppedBy === undefined ? undefined : stopped(input)),
  failed,
  notEvaluated,
];

function errored(input: OutcomeInput, error: ChaosError, exitCode: number = EXIT.error): Outcome {
  return finish(input, {
    phase: 'Error',
    verdict: 'Error',
    percentage: '0',
    errorOutput: { errorCode: error.code, reason: error.message },
    countAs: undefined,
    exitCode,
  });
}

function aborted(input: OutcomeInput, signal: 'SIGTERM' | 'SIGINT'): Outcome {
  return finish(input, {
    phase: 'Stopped',
    verdict: 'Stopped',
    percentage: percentage(input.probes.statuses),
    errorOutput: {
      errorCode: 'EXPERIMENT_ABORTED',
      reason: `${signal} received${input.error === undefined ? '' : ` (${input.error.message})`}; ${afterAbort(input)}`,
    },
    countAs: 'stoppedRuns',
    exitCode: signal === 'SIGINT' ? EXIT.sigint : EXIT.sigterm,
  });
}

function stopped(input: OutcomeInput): Outcome {
  const by = input.probes.stoppedBy;
  return finish(input, {
    phase: 'Stopped',
    verdict: 'Stopped',
    percentage: percentage(input.probes.statuses),
    errorOutput: {
      errorCode: probeFailureCode(input, by?.name),
      reason: `probe ${by?.name ?? '?'} failed with stopOnFailure: ${by?.description ?? ''}${input.abortedBy === undefined ? '' : `; ${input.abortedBy} received after it`}`,
    },
    countAs: 'stoppedRuns',
    exitCode: EXIT.fail,
  });
}

function failed(input: OutcomeInput): Outcome | undefined {
  const failedProbes = input.probes.statuses.filter((probe) => probe.status.verdict === 'Failed');
  const after = input.health?.after;
  const unsteady = after !== undefined && !after.healthy ? after : undefined;
  if (failedProbes.length === 0 && unsteady === undefined && input.error === undefined) {
    return undefined;
  }
  return finish(input, {
    phase: failedProbes.length > 0 ? 'Completed_With_Probe_Failure' : 'Completed',
    verdict: 'Fail',
    percentage: percentage(input.probes.statuses),
    errorOutput: failureOutput(input, failedProbes, unsteady),
    countAs: 'failedRuns',
    exitCode: EXIT.fail,
  });
}

/** Why it failed: the service not recovering, else the probe failure (ADR 0062). */
function failureOutput(
  input: OutcomeInput,
  failedProbes: readonly ProbeStatus[],
  unsteady: HealthResult | undefined,
): ErrorOutput {
  if (unsteady !== undefined) {
    return {
      errorCode: 'STATUS_CHECKS_ERROR',
      reason: `the service is not steady after the fault: ${unsteady.problems.join('; ')}`,
    };
  }
  if (input.error !== undefined)
    return { errorCode: input.error.code, reason: input.error.message };
  return {
    errorCode: probeFailureCode(input, failedProbes[0]?.name),
    reason: failedProbes.map((probe) => `${probe.name}: ${probe.status.description}`).join('; '),
  };
}

/** DEFAULT_HEALTH_CHECK before the fault: a service that was not steady proves nothing. */
function unsteadyBefore(input: OutcomeInput): Outcome | undefined {
  const before = input.health?.before;
  if (before === undefined || before.healthy) return undefined;
  const reason = `the service was not steady before the fault: ${before.problems.join('; ')}`;
  return notAPass(input, 'STATUS_CHECKS_ERROR', reason);
}

/** Nothing failed, yet something never happened: that is not a Pass. */
function notEvaluated(input: OutcomeInput): Outcome | undefined {
  const missing = input.injected
    ? input.probes.statuses
        .filter((probe) => probe.status.verdict === 'Awaited')
        .map((probe) => `probe ${probe.name} was never evaluated`)
        .join('; ')
    : 'the run ended without injecting the fault';
  return missing === '' ? undefined : notAPass(input, 'INTERNAL_ERROR', missing);
}

function notAPass(input: OutcomeInput, errorCode: string, reason: string): Outcome {
  return finish(input, {
    phase: 'Error',
    verdict: 'Error',
    percentage: '0',
    errorOutput: { errorCode, reason },
    countAs: undefined,
    exitCode: EXIT.error,
  });
}

function passed(input: OutcomeInput): Outcome {
  return finish(input, {
    phase: 'Completed',
    verdict: 'Pass',
    percentage: '100',
    errorOutput: undefined,
    countAs: 'passedRuns',
    exitCode: EXIT.ok,
  });
}

interface Decision {
  readonly phase: ResultPhase;
  readonly verdict: ResultVerdict;
  readonly percentage: string;
  readonly errorOutput: ErrorOutput | undefined;
  readonly countAs: HistoryCounter | undefined;
  readonly exitCode: number;
}

function finish(input: OutcomeInput, decision: Decision): Outcome {
  const probeStatuses = input.probes.statuses.map((probe) =>
    probe.status.verdict === 'Awaited'
      ? { ...probe, status: { verdict: 'N/A' as const, description: NOT_EVALUATED } }
      : probe,
  );
  const { phase, verdict, percentage: probeSuccessPercentage, errorOutput } = decision;
  const why = errorOutput === undefined ? '' : ` (${errorOutput.errorCode}: ${errorOutput.reason})`;
  return {
    experimentStatus: {
      phase,
      verdict,
      probeSuccessPercentage,
      ...(errorOutput === undefined ? {} : { errorOutput }),
    },
    probeStatuses,
    countAs: decision.countAs,
    exitCode: decision.exitCode,
    summary: `phase ${phase}, verdict ${verdict}, probes ${probeSuccessPercentage}%${why}`,
    abortedBy: input.abortedBy,
  };
}
