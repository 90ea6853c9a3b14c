import type { RecordedEvent } from './events.js';
import type { Outcome } from './outcome.js';
import type { FaultEvidence, ProbeStatus } from './types.js';

/**
 * The words litmus-go uses (pkg/events, pkg/result, the experiments' EOT and
 * RecordAfterFailure paths; ADR 0163). chaos-exporter times a run by the reasons
 * `ChaosInject` and `Summary` on the engine's uid; people and scripts read the messages.
 */
export const AUT_RUNNING = 'AUT: Running';
export const AUT_NOT_RUNNING = 'AUT: Not Running';

/** The PreChaosCheck / PostChaosCheck message: "AUT: Running, Probes: Successful" and kin. */
export function checkEvent(check: {
  readonly steady: boolean;
  /** Undefined when the run has no probes: Litmus then says nothing about probes. */
  readonly probesPassed: boolean | undefined;
}): Pick<RecordedEvent, 'type' | 'message'> {
  const aut = check.steady ? AUT_RUNNING : AUT_NOT_RUNNING;
  const probes =
    check.probesPassed === undefined
      ? ''
      : `, Probes: ${check.probesPassed ? 'Successful' : 'Unsuccessful'}`;
  const fine = check.steady && check.probesPassed !== false;
  return { type: fine ? 'Normal' : 'Warning', message: `${aut}${probes}` };
}

/** Whether the probes evaluated so far all passed; undefined without probes. */
export function probesPassed(statuses: readonly ProbeStatus[]): boolean | undefined {
  if (statuses.length === 0) return undefined;
  return statuses.every((probe) => probe.status.verdict !== 'Failed');
}

/**
 * The end of a run, as litmus-go writes it:
 * - on the ChaosResult, reason = the verdict: "experiment: X, Result: Pass" (Normal only for Pass);
 * - on the engine, `Summary`: "X experiment has been Passed|Failed" when the run completed,
 *   "experiment: X, Result: Error|Stopped" when it ended early (RecordAfterFailure),
 *   "X experiment has been aborted" after a signal, with `Abort` on the result;
 * - the fault evidence (ADR 0061) follows the Summary's words in parentheses.
 */
export function finalEvents(
  outcome: Outcome,
  experiment: string,
  evidence: FaultEvidence | undefined,
): RecordedEvent[] {
  const reported = outcome.experimentStatus.verdict;
  const verdict = reported === 'Awaited' ? 'Error' : reported;
  const result = `experiment: ${experiment}, Result: ${verdict}`;
  const events: RecordedEvent[] = [
    { reason: verdict, type: verdict === 'Pass' ? 'Normal' : 'Warning', message: result },
  ];
  const quiet = evidence !== undefined && evidence.effect !== 'reset';
  const counts =
    evidence === undefined
      ? ''
      : ` (connections: ${evidence.connections}, resets: ${evidence.resets})`;
  if (outcome.abortedBy !== undefined) {
    const aborted = `${experiment} experiment has been aborted`;
    events.push({ reason: 'Summary', type: 'Warning', message: `${aborted}${counts}` });
    events.push({ reason: 'Abort', type: 'Warning', message: aborted });
    return events;
  }
  const completed = verdict === 'Pass' || verdict === 'Fail';
  events.push({
    reason: 'Summary',
    type: verdict === 'Pass' && !quiet ? 'Normal' : 'Warning',
    message: `${completed ? `${experiment} experiment has been ${verdict}ed` : result}${counts}`,
  });
  return events;
}
