import type { ChaosError } from '../errors/index.js';
import type { ExperimentStatus, ProbeStatus } from './types.js';

/** What the ProbeRunner knows at the end of the run. */
export interface ProbeReport {
  /** In declaration order; `Awaited` for probes never evaluated. */
  readonly statuses: readonly ProbeStatus[];
  /** The first probe with stopOnFailure that failed: the run ends Stopped. */
  readonly stoppedBy?: { readonly name: string; readonly description: string };
}

export interface HealthResult {
  readonly healthy: boolean;
  readonly problems: readonly string[];
}

export interface OutcomeInput {
  /** Every target received the fault (the inject phase completed). */
  readonly injected: boolean;
  readonly probes: ProbeReport;
  readonly health?: { readonly before?: HealthResult; readonly after?: HealthResult };
  /** The signal that aborted the run, if one did. */
  readonly abortedBy?: 'SIGTERM' | 'SIGINT';
  /** The error that ended the run early, if any. */
  readonly error?: ChaosError;
  /**
   * The revert did not prove every target clean: a fault may have been left behind. With
   * the first cause beside it (withFirstCause, ADR 0157).
   */
  readonly revertError?: ChaosError;
  /** A target's fault stopped early, or was never seen holding (ADR 0140). */
  readonly faultNotHeld?: ChaosError;
  /** An inject may have reached a host (ADR 0157); undefined is read as yes. */
  readonly sentInject?: boolean;
}

export type HistoryCounter = 'passedRuns' | 'failedRuns' | 'stoppedRuns';

export interface Outcome {
  readonly experimentStatus: ExperimentStatus;
  /** Final probe statuses: never `Awaited` (ADR 0062). */
  readonly probeStatuses: readonly ProbeStatus[];
  /** The history counter this run adds to; an Error adds to none. */
  readonly countAs: HistoryCounter | undefined;
  readonly exitCode: number;
  /** One line for the log, the Summary event and the stderr summary. */
  readonly summary: string;
  /** Set when a signal aborted the run: the reporter adds the Abort event. */
  readonly abortedBy: 'SIGTERM' | 'SIGINT' | undefined;
}
