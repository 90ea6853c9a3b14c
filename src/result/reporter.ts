import type { Clock } from '../core/clock.js';
import type { Logger } from '../log/logger.js';
import { EventRecorder, type RecordedEvent } from './events.js';
import { finalEvents } from './final-events.js';
import { evidenceOf, evidenceWarning, type TargetCounters } from './evidence.js';
import type { ResultIdentity } from './identity.js';
import type { Outcome } from './outcome.js';
import type { ObjectStore, SinkKind, StoredObject } from './stores.js';
import { renderResult, type ResultDraft } from './render.js';
import { summaryLines } from './summary.js';
import type {
  ChaosResultObject,
  EventObject,
  FaultEvidence,
  HistoryTarget,
  ProbeDeclaration,
  ProbeStatus,
  TargetChaosStatus,
} from './types.js';
import { writeWithRetry } from './write.js';

export interface ReporterDeps {
  readonly sink: SinkKind;
  /** Where the result goes, for people: `namespace/name` or the file's path. */
  readonly location: string;
  readonly results: ObjectStore<ChaosResultObject>;
  readonly events: ObjectStore<EventObject>;
  readonly identity: ResultIdentity;
  /**
   * The experiment pod's labels (empty without a pod), read at start; chaosUID is added on
   * every write. If reading them fails the result is still written, then start() throws.
   */
  readonly labels: () => Promise<Readonly<Record<string, string>>>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Conflicts tolerated per write and the pause between (STATUS_CHECK_TIMEOUT/DELAY). */
  readonly retry: { readonly attempts: number; readonly delayMs: number };
  readonly resetTimeoutMs: number;
  /** The short human summary (stderr in file mode). */
  readonly summary?: (line: string) => void;
}

export type PhaseReason = 'PreChaosCheck' | 'ChaosInject' | 'PostChaosCheck';
/** Warnings about the fault itself (ADR 0140), on the ChaosResult. */
export type FaultReason = 'FaultStoppedEarly' | 'FaultNotHeld';
export const TARGET_KIND = 'ECSTask';

/**
 * The orchestrator's one handle on the ChaosResult and its Events. Every method writes
 * the whole object at once (no status subresource), serialised so the run never
 * conflicts with itself; a write that fails throws a ChaosError naming verb and resource.
 */
export class ResultReporter {
  private draft: ResultDraft = {
    experimentStatus: { phase: 'Running', verdict: 'Awaited', probeSuccessPercentage: 'Awaited' },
    probeStatuses: [],
    targets: [],
  };
  private resultUid: string | undefined;
  private labels: Readonly<Record<string, string>> = {};
  /** After finish() nothing may overwrite the final verdicts. */
  private finished = false;
  /** The final write, with the verdict, reached the sink (ADR 0152 reads it for the exit). */
  private verdictStored = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly recorder: EventRecorder;

  constructor(private readonly deps: ReporterDeps) {
    this.recorder = new EventRecorder(deps.events, deps.identity, deps.clock);
  }

  get sink(): SinkKind {
    return this.deps.sink;
  }

  /** Whether finish() wrote the ChaosResult with its final verdict. */
  get verdictWritten(): boolean {
    return this.verdictStored;
  }

  /** Start of run: Running/Awaited, every probe Awaited, errorOutput of a past run cleared. */
  async start(probes: readonly ProbeDeclaration[]): Promise<void> {
    this.draft = {
      ...this.draft,
      probeStatuses: probes.map((probe) => ({
        ...probe,
        status: { verdict: 'Awaited', description: 'Awaited' },
      })),
    };
    let labelsError: Error | undefined;
    this.labels = await this.deps.labels().catch((error: unknown) => {
      labelsError = error instanceof Error ? error : new Error(String(error));
      return {};
    });
    await this.write();
    const experiment = this.deps.identity.experiment;
    await this.event({
      reason: 'Awaited',
      type: 'Normal',
      message: `experiment: ${experiment}, Result: Awaited`,
    });
    if (labelsError !== undefined) throw labelsError;
  }

  /** Targets move targeted → injected → reverted; unknown names are added. */
  async setTargets(names: readonly string[], chaosStatus: TargetChaosStatus): Promise<void> {
    const targets = new Map<string, HistoryTarget>(
      this.draft.targets.map((target) => [target.name, target]),
    );
    for (const name of names) targets.set(name, { name, kind: TARGET_KIND, chaosStatus });
    this.draft = { ...this.draft, targets: [...targets.values()] };
    this.deps.logger.info(`targets ${chaosStatus}`, { targets: names });
    await this.write();
  }

  /** Probe verdicts as they land, so a watcher sees them before the end. */
  async setProbeStatuses(statuses: readonly ProbeStatus[]): Promise<void> {
    if (this.finished) return;
    this.draft = { ...this.draft, probeStatuses: statuses };
    await this.write();
  }

  /** A Litmus phase event (on the ChaosEngine when there is one). */
  async phaseEvent(
    reason: PhaseReason,
    message: string,
    type: 'Normal' | 'Warning' = 'Normal',
  ): Promise<void> {
    await this.event({ reason, type, message });
  }

  /** A Warning event about the fault itself: it stopped early, or did not hold (ADR 0140). */
  async faultWarning(reason: FaultReason, message: string): Promise<void> {
    await this.event({ reason, type: 'Warning', message });
  }

  /** The proxies' counters after the revert: written, logged, and warned about (ADR 0061). */
  async recordEvidence(counters: readonly TargetCounters[]): Promise<FaultEvidence> {
    const evidence = evidenceOf(counters, this.deps.resetTimeoutMs);
    for (const target of evidence.targets) this.deps.logger.info('fault evidence', { ...target });
    this.draft = { ...this.draft, evidence };
    await this.write();
    const warning = evidenceWarning(evidence);
    if (warning !== undefined) {
      this.deps.logger.warn(warning, { effect: evidence.effect });
      await this.event({ reason: 'FaultNotObserved', type: 'Warning', message: warning });
    }
    return evidence;
  }

  /** End of run: final status with the history counter, verdict, Summary and Abort events. */
  async finish(outcome: Outcome): Promise<void> {
    this.finished = true;
    this.draft = {
      ...this.draft,
      experimentStatus: outcome.experimentStatus,
      probeStatuses: outcome.probeStatuses,
    };
    const failures: Error[] = [];
    const attempt = async (step: () => Promise<void>): Promise<void> => {
      await step().catch((error: unknown) =>
        failures.push(error instanceof Error ? error : new Error(String(error))),
      );
    };
    await attempt(async () => {
      await this.write(outcome.countAs);
      this.verdictStored = true;
    });
    for (const event of finalEvents(outcome, this.deps.identity.experiment, this.draft.evidence)) {
      await attempt(() => this.event(event));
    }
    for (const line of summaryLines(this.deps, this.draft, outcome)) this.deps.summary?.(line);
    const [first] = failures;
    if (first !== undefined) throw first;
  }

  private async write(countAs?: Outcome['countAs']): Promise<void> {
    const { results, identity, clock, retry } = this.deps;
    const { draft, labels } = this;
    const written = await this.serial(() =>
      writeWithRetry(
        results,
        identity.resultName,
        (current: StoredObject | undefined) =>
          renderResult(current, draft, { identity, labels, countAs }),
        { clock, phase: 'result', ...retry },
      ),
    );
    this.resultUid = written.metadata.uid ?? this.resultUid;
  }

  private async event(event: RecordedEvent): Promise<void> {
    await this.serial(() => this.recorder.record(event, this.resultUid));
  }

  private serial<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
