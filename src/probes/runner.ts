import type { Clock } from '../core/clock.js';
import type { Logger } from '../log/logger.js';
import type { ProbeReport } from '../result/outcome.js';
import type { ProbeStatus } from '../result/types.js';
import { ChaosError } from '../errors/index.js';
import { evaluate, pause, realTimeout, type ProbeCheck, type TimeoutSignal } from './evaluate.js';
import { ProbeError } from './probe-error.js';
import { TryLog, probeChaosError } from './probe-log.js';
import type { CheckResult, ProbeDefinition } from './types.js';
import { ProbeVerdicts, type ProbeStage } from './verdicts.js';
import { messageOf } from '../core/message.js';

export interface ProbeRunnerDeps {
  readonly probes: readonly ProbeDefinition[];
  readonly checkFor: (probe: ProbeDefinition) => ProbeCheck;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The run's abort (SIGTERM/SIGINT): every loop and try ends at once. */
  readonly abort: AbortSignal;
  readonly timeout?: TimeoutSignal;
  /** Called whenever a verdict changes, e.g. to write it to the ChaosResult. */
  readonly onChange?: (statuses: readonly ProbeStatus[]) => void;
  /**
   * Patches the ChaosEngine to `engineState: stop` (litmus-go's stopChaosEngine), called
   * once by settle() after a stopOnFailure probe failed; undefined without an engine.
   */
  readonly stopEngine?: (reason: string) => Promise<void>;
}

export interface ChaosWindow {
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * Runs the probes by mode (docs/reference/litmus.md): SOT and Edge before the fault, Continuous
 * from before until after it, OnChaos inside the window, EOT and Edge after. `stopSignal`
 * fires when a stopOnFailure probe fails; the orchestrator then reverts and ends Stopped.
 */
export class ProbeRunner {
  private readonly verdicts: ProbeVerdicts;
  private readonly stopper = new AbortController();
  /** Fired at post-chaos: loops finish their current evaluation and end. */
  private readonly wake = new AbortController();
  private readonly halt: AbortSignal;
  private readonly loops: Promise<void>[] = [];
  /** Continuous/OnChaos probes that could not run: the run ends Error at post-chaos. */
  private readonly errors: ChaosError[] = [];
  private readonly tries: TryLog;
  private engineStopped = false;

  constructor(private readonly deps: ProbeRunnerDeps) {
    this.verdicts = new ProbeVerdicts(deps.probes);
    this.halt = AbortSignal.any([deps.abort, this.stopper.signal]);
    this.tries = new TryLog(deps.logger);
  }

  /** Aborted (reason: `{ name, description }`) when a stopOnFailure probe failed. */
  get stopSignal(): AbortSignal {
    return this.stopper.signal;
  }

  report(): ProbeReport {
    return this.verdicts.report();
  }

  /** SOT and Edge in declaration order, then Continuous probes start in the background. */
  async preChaos(): Promise<void> {
    await this.sequential(['SOT', 'Edge'], 'pre-chaos');
    for (const probe of this.byMode('Continuous')) {
      this.loops.push(this.loop(probe, { stage: 'pre-chaos' }));
    }
  }

  /** OnChaos probes evaluate from the window's start until its end. */
  startOnChaos(window: ChaosWindow): void {
    for (const probe of this.byMode('OnChaos')) {
      this.loops.push(this.loop(probe, { stage: 'chaos', window }));
    }
  }

  /**
   * Continuous and OnChaos loops end (each evaluated at least once), then EOT and Edge.
   * A loop's probe that could not run throws here, before EOT, as litmus-go's PostChaos.
   */
  async postChaos(): Promise<void> {
    this.wake.abort();
    await Promise.all(this.loops);
    const [error] = this.errors;
    if (error !== undefined) throw error;
    await this.sequential(['EOT', 'Edge'], 'post-chaos');
  }

  /**
   * On every way out: waits for loops to notice the end, so nothing runs after the report;
   * after a stopOnFailure failure, stops the ChaosEngine (once, after the revert).
   */
  async settle(): Promise<void> {
    this.wake.abort();
    await Promise.all(this.loops);
    const stoppedBy = this.verdicts.report().stoppedBy;
    if (stoppedBy === undefined || this.engineStopped || this.deps.stopEngine === undefined) {
      return;
    }
    this.engineStopped = true;
    const reason = `probe ${stoppedBy.name} failed with stopOnFailure`;
    await this.deps.stopEngine(reason).then(
      () => {
        this.deps.logger.warn(`${reason}: ChaosEngine patched to engineState stop`);
      },
      (error: unknown) => {
        this.deps.logger.error(`${reason}, but the ChaosEngine could not be stopped`, {
          error: messageOf(error),
        });
      },
    );
  }

  private byMode(mode: ProbeDefinition['mode']): ProbeDefinition[] {
    return this.deps.probes.filter((probe) => probe.mode === mode);
  }

  private async sequential(
    modes: readonly ProbeDefinition['mode'][],
    stage: ProbeStage,
  ): Promise<void> {
    for (const probe of this.deps.probes.filter((candidate) => modes.includes(candidate.mode))) {
      await pause(this.deps.clock, probe.runProperties.initialDelayMs, this.halt);
      if (this.halted()) return;
      const result = await this.evaluateOnce(probe, stage);
      if (this.halted()) return;
      this.record(probe, result, stage);
    }
  }

  private async loop(
    probe: ProbeDefinition,
    at: { readonly stage: ProbeStage; readonly window?: ChaosWindow },
  ): Promise<void> {
    const { clock } = this.deps;
    const wake = AbortSignal.any([this.halt, this.wake.signal]);
    const endMs = at.window?.endMs ?? Number.POSITIVE_INFINITY;
    if (at.window !== undefined) await pause(clock, at.window.startMs - clock.now(), wake);
    await pause(clock, Math.min(probe.runProperties.initialDelayMs, endMs - clock.now()), wake);
    const passes = await this.evaluateUntil(probe, at.stage, { wake, endMs }).catch(
      (error: unknown) => {
        if (!(error instanceof ChaosError)) throw error;
        this.errors.push(error);
        this.deps.logger.error(error.message, error.toJSON());
        return undefined;
      },
    );
    if (passes === undefined) return;
    const span =
      at.stage === 'chaos' ? 'during the chaos window' : 'from before until after the chaos';
    this.record(
      probe,
      { ok: true, description: `passed all ${passes} evaluations ${span}` },
      at.stage,
    );
  }

  /**
   * Evaluates until woken (post-chaos) or the window ends, at least once; returns the
   * number of passes, or undefined when it failed (recorded) or the run was halted.
   */
  private async evaluateUntil(
    probe: ProbeDefinition,
    stage: ProbeStage,
    until: { readonly wake: AbortSignal; readonly endMs: number },
  ): Promise<number | undefined> {
    const { clock } = this.deps;
    const over = (): boolean => until.wake.aborted || clock.now() >= until.endMs;
    for (let passes = 1; !this.halted(); passes += 1) {
      const result = await this.evaluateOnce(probe, stage);
      if (this.halted()) return undefined;
      if (!result.ok) {
        this.record(probe, result, stage);
        return undefined;
      }
      if (over()) return passes;
      const next = Math.min(probe.runProperties.pollingIntervalMs, until.endMs - clock.now());
      await pause(clock, next, until.wake);
      if (this.halted()) return undefined;
      if (over()) return passes;
    }
    return undefined;
  }

  /** A method, not a property read, so the compiler does not assume it stays false. */
  private halted(): boolean {
    return this.halt.aborted;
  }

  /** One evaluation; a probe that cannot run throws its ChaosError (phase = stage). */
  private async evaluateOnce(probe: ProbeDefinition, stage: ProbeStage): Promise<CheckResult> {
    const { clock, timeout = realTimeout } = this.deps;
    const onTry = (attempt: number, result: CheckResult): void => {
      this.tries.record(probe, attempt, result);
    };
    try {
      return await evaluate(
        this.deps.checkFor(probe),
        probe.runProperties,
        { clock, timeout, onTry },
        this.halt,
      );
    } catch (error) {
      if (error instanceof ProbeError) throw probeChaosError(probe, error, stage);
      throw error;
    }
  }

  private record(probe: ProbeDefinition, result: CheckResult, stage: ProbeStage): void {
    const stops = this.verdicts.record(probe, result, stage);
    const fields = { probe: probe.name, type: probe.type, mode: probe.mode, stage, ...result };
    if (result.ok) this.deps.logger.info('probe passed', fields);
    else this.deps.logger.warn('probe failed', fields);
    this.deps.onChange?.(this.verdicts.list());
    if (stops) {
      this.deps.logger.warn(`probe ${probe.name} has stopOnFailure: stopping the run`);
      this.stopper.abort({ name: probe.name, description: result.description });
    }
  }
}
