import type { Logger } from '../log/logger.js';

/**
 * What the run tells the outside world, and the probes it runs. Shaped like the
 * Kubernetes side's ResultReporter and ProbeRunner (src/result, src/probes), so the
 * ChaosResult, Events and probes plug in behind this port without touching the phases.
 */
export type TargetStatus = 'targeted' | 'injected' | 'reverted';
export type PhaseReason = 'PreChaosCheck' | 'ChaosInject' | 'PostChaosCheck';

/** A proxy's counters per target, as the revert collected them (null: never reported). */
export interface TargetCounters {
  readonly name: string;
  readonly counters: {
    readonly connections: number;
    readonly resets: number;
    readonly passedThrough: number;
    readonly upstreamErrors: number;
  } | null;
}

export interface ProbeReport {
  readonly statuses: readonly {
    readonly name: string;
    readonly status: { readonly verdict: string; readonly description: string };
  }[];
  readonly stoppedBy?: { readonly name: string; readonly description: string };
}

export interface ProbeHooks {
  /** Aborted when a stopOnFailure probe failed. */
  readonly stopSignal: AbortSignal;
  preChaos(): Promise<void>;
  startOnChaos(window: { readonly startMs: number; readonly endMs: number }): void;
  postChaos(): Promise<void>;
  settle(): Promise<void>;
  report(): ProbeReport;
}

export interface RunOutcome {
  readonly exitCode: number;
  readonly summary: string;
}

export interface RunReporting {
  /** Phase result-init: the result exists (Running/Awaited) before anything else happens. */
  begin(): Promise<void>;
  readonly probes: ProbeHooks;
  setTargets(names: readonly string[], status: TargetStatus): Promise<void>;
  phaseEvent(reason: PhaseReason, message: string): Promise<void>;
  recordEvidence(counters: readonly TargetCounters[]): Promise<void>;
  finish(outcome: RunOutcome): Promise<void>;
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

/** Reporting into the log only: what runs until a ChaosResult sink is wired. */
export function logReporting(logger: Logger): RunReporting {
  const log = logger.forPhase('result');
  return {
    begin: () => Promise.resolve(),
    probes: NO_PROBES,
    setTargets: (names, status) => {
      log.info(`targets ${status}`, { targets: names });
      return Promise.resolve();
    },
    phaseEvent: (reason, message) => {
      log.info(message, { reason });
      return Promise.resolve();
    },
    recordEvidence: (counters) => {
      for (const target of counters) log.info('fault evidence', { ...target });
      return Promise.resolve();
    },
    finish: (outcome) => {
      log.info(`result: ${outcome.summary}`, { exitCode: outcome.exitCode });
      return Promise.resolve();
    },
  };
}
