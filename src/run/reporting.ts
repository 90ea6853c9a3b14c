import type { TargetCounters } from '../result/evidence.js';
import type { Outcome, ProbeReport } from '../result/outcome.js';
import type { FaultReason, PhaseReason } from '../result/reporter.js';
import type { TargetChaosStatus } from '../result/types.js';
import type { Logger } from '../log/logger.js';

/**
 * What the phases need from the ChaosResult side (src/result, src/probes, src/reporting):
 * the ResultReporter and the ProbeRunner satisfy these as they are; unit tests pass
 * small fakes or the real classes over in-memory stores.
 */
export interface ProbeHooks {
  /** Aborted when a stopOnFailure probe failed. */
  readonly stopSignal: AbortSignal;
  preChaos(): Promise<void>;
  startOnChaos(window: { readonly startMs: number; readonly endMs: number }): void;
  postChaos(): Promise<void>;
  settle(): Promise<void>;
  report(): ProbeReport;
}

export interface RunReporter {
  setTargets(names: readonly string[], status: TargetChaosStatus): Promise<void>;
  phaseEvent(reason: PhaseReason, message: string, type?: 'Normal' | 'Warning'): Promise<void>;
  faultWarning(reason: FaultReason, message: string): Promise<void>;
  recordEvidence(counters: readonly TargetCounters[]): Promise<unknown>;
  finish(outcome: Outcome): Promise<void>;
  /** After finish(): the ChaosResult holds the final verdict (events may still have failed). */
  readonly verdictWritten: boolean;
}

export interface RunReporting {
  readonly reporter: RunReporter;
  /** The experiment pod's spec.terminationGracePeriodSeconds, if a pod was read (ADR 0150). */
  podGracePeriodSeconds(): Promise<number | undefined>;
  /**
   * Phase result-init: the ChaosResult written (Running/Awaited, probes Awaited), then the
   * probes of this run, stopping when `abort` fires. Throws, after writing the result,
   * when the probes cannot be read.
   */
  begin(abort: AbortSignal): Promise<ProbeHooks>;
}

/** No probes: nothing to evaluate, never a stop. */
export const NO_PROBES: ProbeHooks = {
  stopSignal: new AbortController().signal,
  preChaos: () => Promise.resolve(),
  startOnChaos: () => undefined,
  postChaos: () => Promise.resolve(),
  settle: () => Promise.resolve(),
  report: () => ({ statuses: [] }),
};

/** Into the log only: what remains when the result sink itself could not be opened. */
export function logReporter(logger: Logger): RunReporter {
  const log = logger.forPhase('result');
  return {
    setTargets: (names, status) => {
      log.info(`targets ${status}`, { targets: names });
      return Promise.resolve();
    },
    phaseEvent: (reason, message) => {
      log.info(message, { reason });
      return Promise.resolve();
    },
    faultWarning: (reason, message) => {
      log.warn(message, { reason });
      return Promise.resolve();
    },
    recordEvidence: (counters) => {
      for (const target of counters) log.info('fault evidence', { ...target });
      return Promise.resolve();
    },
    finish: (outcome) => {
      log.warn(`no ChaosResult was written; the outcome was: ${outcome.summary}`);
      return Promise.resolve();
    },
    verdictWritten: false,
  };
}
