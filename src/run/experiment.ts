import type { RunConfig } from '../config/run-config.js';
import { ChaosError, asChaosError } from '../errors/chaos-error.js';
import type { Phase } from '../errors/codes.js';
import { RevertLedger } from '../dispatch/ledger.js';
import { revertError, revertPending, type CountersByTask } from '../dispatch/revert.js';
import { CommandRunner } from '../dispatch/runner.js';
import type { Logger } from '../log/logger.js';
import type { TargetHold } from '../dispatch/hold.js';
import type { AwsSession, RunDeps } from './deps.js';
import { decideOutcome, type HealthResult } from '../result/outcome.js';
import { evidenceOf } from './evidence.js';
import { announceHolds, holdError, settleHolds } from './hold.js';
import { NO_PROBES, logReporter, type ProbeHooks, type RunReporter } from './reporting.js';
import { Halted, runSteps } from './steps.js';

/** How long a revert after a normal window may take before hosts are reported unproven. */
const REVERT_BUDGET_MS = 5 * 60_000;
/** Kept back from the grace period: the final result still has to be written. */
const GRACE_MARGIN_MS = 2_000;
const CANCEL_WAIT_MS = 10_000;

/**
 * One run of the experiment after `config`: the phases in order, and on every way out
 * (end of window, failed inject, probe stop, SIGTERM/SIGINT) the revert of everything the
 * undo stack holds, then one outcome for the exit code and the verdict.
 */
export class Experiment {
  phase: Phase = 'result-init';
  readonly ledger = new RevertLedger();
  readonly counters: CountersByTask = new Map();
  /** The run's abort (SIGTERM/SIGINT), joined by a stopOnFailure probe once probes exist. */
  halt: AbortSignal;
  injected = false;
  aws: AwsSession | undefined;
  runner: CommandRunner | undefined;
  reporter: RunReporter;
  probes: ProbeHooks = NO_PROBES;
  /** DEFAULT_HEALTH_CHECK before the fault and after it (ADR 0065). */
  readonly health: { before?: HealthResult; after?: HealthResult } = {};
  /** Lines carry the phase the run is in when they are written, whoever writes them. */
  readonly log: Logger;
  /** What each step's watch saw (ADR 0140); settled against the revert's counters. */
  private readonly holds: TargetHold[] = [];
  private settledHolds: readonly TargetHold[] = [];
  private error: ChaosError | undefined;
  private revertFailure: ChaosError | undefined;
  private abortAtMs: number | undefined;
  /** Fires when the grace period after a signal runs out: a revert under way stops waiting. */
  private readonly graceOver = new AbortController();
  private readonly ended = new AbortController();

  constructor(
    readonly config: RunConfig,
    readonly deps: RunDeps,
    private readonly logger: Logger,
  ) {
    this.halt = deps.signal;
    this.log = logger.following(() => this.phase);
    this.reporter = logReporter(this.log);
    deps.signal.addEventListener(
      'abort',
      () => {
        this.onSignal();
      },
      { once: true },
    );
    if (deps.signal.aborted) this.onSignal();
  }

  enter(phase: Phase): Logger {
    this.phase = phase;
    return this.log;
  }

  async execute(): Promise<number> {
    try {
      const reporting = await this.deps.reporting(this.config, this.log);
      this.reporter = reporting.reporter;
      this.probes = await reporting.begin(this.deps.signal);
      this.halt = AbortSignal.any([this.deps.signal, this.probes.stopSignal]);
      await runSteps(this);
    } catch (error) {
      this.recordFailure(error);
    }
    await this.cleanUp();
    return this.finish();
  }

  /** A step's window is over: what its watch saw of every proxy. */
  recordHolds(holds: readonly TargetHold[]): void {
    this.holds.push(...holds);
  }

  private onSignal(): void {
    if (this.abortAtMs !== undefined) return;
    this.abortAtMs = this.deps.clock.now();
    this.deps.clock
      .sleep(this.revertDeadline() - this.abortAtMs, this.ended.signal)
      .then(() => {
        this.graceOver.abort();
      })
      .catch(() => undefined);
    const grace = this.config.litmus.terminationGracePeriodSeconds;
    this.logger
      .forPhase('abort')
      .warn(
        `${String(this.deps.signal.reason)} received in phase ${this.phase}: reverting within ${grace} s`,
      );
  }

  private get abortedBy(): 'SIGTERM' | 'SIGINT' | undefined {
    if (!this.deps.signal.aborted) return undefined;
    return this.deps.signal.reason === 'SIGINT' ? 'SIGINT' : 'SIGTERM';
  }

  /** Every real error is kept for decideOutcome to rank (an abort outranks most of them). */
  private recordFailure(error: unknown): void {
    if (error instanceof Halted) {
      this.log.warn(this.abortedBy === undefined ? 'stopped by a probe' : 'aborted');
      return;
    }
    const wrapped = asChaosError(error, this.phase);
    this.error = wrapped;
    if (wrapped.code === 'CHAOS_REVERT_ERROR') this.revertFailure = wrapped;
    this.logger.forPhase(wrapped.phase).error(wrapped.message, wrapped.toJSON());
  }

  /**
   * Revert whatever the undo stack still holds: always, whatever ended the run. A step's
   * revert that already failed its retry (and logged each host's recovery command) is not
   * repeated: ADR 0082 allows one retry.
   */
  private async cleanUp(): Promise<void> {
    const runner = this.runner;
    if (runner !== undefined && !this.ledger.isEmpty) {
      if (this.revertFailure === undefined) {
        await this.revertTheRest(runner).catch((error: unknown) => {
          this.revertFailure = unprovenRevert(error, this.ledger.everyInstance());
          this.log.error(this.revertFailure.message, this.revertFailure.toJSON());
        });
      }
      await this.markReverted();
    }
    await this.probes.settle().catch(() => undefined);
    this.settledHolds = settleHolds(this.holds, this.counters, this.deps.clock.now());
    await announceHolds(this.settledHolds, this.log, this.reporter);
    if (this.counters.size > 0 || this.settledHolds.length > 0) {
      const evidence = evidenceOf(this.counters, this.settledHolds);
      await this.reporter.recordEvidence(evidence).catch((error: unknown) => {
        this.log.warn(`could not record the fault evidence: ${String(error)}`);
      });
    }
    this.aws?.close();
  }

  private async revertTheRest(runner: CommandRunner): Promise<void> {
    const log = this.enter(this.abortedBy === undefined ? 'revert' : 'abort');
    const untilMs = this.revertDeadline();
    await runner.cancelInFlight(Math.min(untilMs, this.deps.clock.now() + CANCEL_WAIT_MS));
    log.info(`reverting ${this.ledger.everyInstance().length} instance(s) ever sent an inject`);
    const result = await revertPending({ ...this.revertInput(runner, log), untilMs });
    for (const [task, counters] of result.counters) this.counters.set(task, counters);
    if (result.failures.length > 0) this.revertFailure = revertError(result.failures);
  }

  /** After an early way out, history.targets must not keep saying `injected`. */
  private async markReverted(): Promise<void> {
    const reverted = this.ledger.revertedTasks();
    if (reverted.length === 0) return;
    await this.reporter.setTargets(reverted, 'reverted').catch((error: unknown) => {
      this.log.warn(`could not record the reverted targets: ${String(error)}`);
    });
  }

  revertInput(runner: CommandRunner, log: Logger) {
    const { config, deps, ledger } = this;
    return {
      runner,
      ledger,
      signal: this.graceOver.signal,
      clock: deps.clock,
      logger: log,
      region: config.aws.region,
      libImage: config.fault.libImage,
      drainSeconds: config.fault.drainSeconds,
    };
  }

  /** After a signal: the end of the grace period; otherwise a generous budget. */
  revertDeadline(): number {
    const { clock } = this.deps;
    if (this.abortAtMs === undefined) return clock.now() + REVERT_BUDGET_MS;
    const graceMs = this.config.litmus.terminationGracePeriodSeconds * 1000;
    return this.abortAtMs + Math.max(0, graceMs - GRACE_MARGIN_MS);
  }

  private async finish(): Promise<number> {
    this.ended.abort();
    const log = this.enter('result');
    const outcome = decideOutcome({
      injected: this.injected,
      probes: this.probes.report(),
      health: this.health,
      ...(this.abortedBy === undefined ? {} : { abortedBy: this.abortedBy }),
      ...(this.error === undefined ? {} : { error: this.error }),
      ...(this.revertFailure === undefined ? {} : { revertError: this.revertFailure }),
      ...notHeld(this.settledHolds),
    });
    await this.reporter.finish(outcome).catch((error: unknown) => {
      log.error(`could not write the final result: ${asChaosError(error, 'result').message}`);
    });
    const level = outcome.exitCode === 0 ? 'info' : 'warn';
    log[level](`finished: ${outcome.summary}; exit ${outcome.exitCode}`);
    return outcome.exitCode;
  }
}

/** The revert itself broke (not a host's answer): nothing is proven, every host is named. */
function unprovenRevert(error: unknown, instances: readonly string[]): ChaosError {
  return new ChaosError({
    code: 'CHAOS_REVERT_ERROR',
    phase: 'revert',
    target: instances.join(','),
    reason: `the revert could not complete: ${error instanceof Error ? error.message : String(error)}`,
    fix: 'run the manual-recovery command of README.md on each host named; the proxy also stops itself at its deadline and the reaper removes it at deadline + REAPER_GRACE_SECONDS',
    cause: error,
  });
}

function notHeld(holds: readonly TargetHold[]): { faultNotHeld?: ChaosError } {
  const error = holdError(holds);
  return error === undefined ? {} : { faultNotHeld: error };
}
