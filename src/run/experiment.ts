import type { RunConfig } from '../config/run-config.js';
import { Abandoned } from '../errors/abandoned.js';
import { ChaosError, asChaosError } from '../errors/chaos-error.js';
import type { Phase } from '../errors/codes.js';
import { RevertLedger } from '../dispatch/ledger.js';
import { revertError, revertPending, unprovenRevert } from '../dispatch/revert.js';
import { CommandRunner } from '../dispatch/runner.js';
import type { Logger } from '../log/logger.js';
import type { TargetHold } from '../dispatch/hold.js';
import type { RunDeps } from './deps.js';
import { withFirstCause } from '../result/causes.js';
import { decideOutcome } from '../result/outcome.js';
import { markReverted, notHeld, recordHoldsAndEvidence } from './end-of-run.js';
import { finishRun } from './exit-code.js';
import { gracePeriodOf, revertDeadlineOf, type GracePeriod } from './grace.js';
import { NO_PROBES, logReporter, type ProbeHooks, type RunReporter } from './reporting.js';
import { StepRecord, type StepView } from './record.js';
import { RevertScopes } from './revert-scope.js';
import { Halted, runSteps } from './steps.js';

const CANCEL_WAIT_MS = 10_000;

/**
 * One run of the experiment after `config`: the phases in order, and on every way out
 * (end of window, failed inject, probe stop, SIGTERM/SIGINT) the revert of everything the
 * undo stack holds, then one outcome for the exit code and the verdict.
 */
export class Experiment {
  private current: Phase = 'result-init';
  /** The undo stack: inject steps push onto it, every revert works it down. */
  readonly ledger = new RevertLedger();
  /** What the steps did, applied from the events they yield (the only way it changes). */
  private readonly record = new StepRecord();
  /** The run's abort (SIGTERM/SIGINT), joined by a stopOnFailure probe once probes exist. */
  private haltSignal: AbortSignal;
  private runReporter: RunReporter;
  private probeHooks: ProbeHooks = NO_PROBES;
  /** Lines carry the phase the run is in when they are written, whoever writes them. */
  readonly log: Logger;
  private settledHolds: readonly TargetHold[] = [];
  private error: ChaosError | undefined;
  private revertFailure: ChaosError | undefined;
  private abortAtMs: number | undefined;
  /** Until the pod is read: the variable (ADR 0150). */
  private grace: GracePeriod;
  /** Fires when the grace period after a signal runs out: a revert under way stops waiting. */
  private readonly graceOver = new AbortController();
  private readonly ended = new AbortController();
  private readonly reverts: RevertScopes;

  constructor(
    readonly config: RunConfig,
    readonly deps: RunDeps,
    private readonly logger: Logger,
  ) {
    this.haltSignal = deps.signal;
    this.reverts = new RevertScopes(deps.clock, this.graceOver.signal);
    this.grace = gracePeriodOf(config.litmus.terminationGracePeriodSeconds, undefined);
    this.log = logger.following(() => this.phase);
    this.runReporter = logReporter(this.log);
    deps.signal.addEventListener(
      'abort',
      () => {
        this.onSignal();
      },
      { once: true },
    );
    if (deps.signal.aborted) this.onSignal();
  }

  get phase(): Phase {
    return this.current;
  }

  get halt(): AbortSignal {
    return this.haltSignal;
  }

  get reporter(): RunReporter {
    return this.runReporter;
  }

  get probes(): ProbeHooks {
    return this.probeHooks;
  }

  /** What the steps did so far, for the steps that follow to read. */
  get done(): StepView {
    return this.record;
  }

  enter(phase: Phase): Logger {
    this.current = phase;
    return this.log;
  }

  async execute(): Promise<number> {
    try {
      const reporting = await this.deps.reporting(this.config, this.log);
      this.runReporter = reporting.reporter;
      this.probeHooks = await reporting.begin(this.deps.signal);
      this.adoptGrace(await reporting.podGracePeriodSeconds());
      this.haltSignal = AbortSignal.any([this.deps.signal, this.probeHooks.stopSignal]);
      for await (const event of runSteps(this)) this.record.apply(event);
    } catch (error) {
      this.recordFailure(error);
    }
    await this.cleanUp();
    return this.finish();
  }

  /** The pod's own grace period is what the kubelet enforces: it wins (ADR 0150). */
  private adoptGrace(podSeconds: number | undefined): void {
    this.grace = gracePeriodOf(this.config.litmus.terminationGracePeriodSeconds, podSeconds);
    this.log.info(`grace period after a signal: ${this.grace.seconds} s (${this.grace.source})`);
  }

  private onSignal(): void {
    if (this.abortAtMs !== undefined) return;
    this.abortAtMs = this.deps.clock.now();
    this.deps.clock
      .sleep(this.revertDeadline() - this.abortAtMs, this.ended.signal)
      .then(() => {
        this.graceOver.abort('the grace period after the signal ran out');
      })
      .catch(() => undefined);
    this.logger
      .forPhase('abort')
      .warn(
        `${String(this.deps.signal.reason)} received in phase ${this.phase}: reverting within ${this.grace.seconds} s`,
      );
  }

  private get abortedBy(): 'SIGTERM' | 'SIGINT' | undefined {
    if (!this.deps.signal.aborted) return undefined;
    return this.deps.signal.reason === 'SIGINT' ? 'SIGINT' : 'SIGTERM';
  }

  /** Every real error is kept for decideOutcome to rank (an abort outranks most of them). */
  private recordFailure(error: unknown): void {
    // A call the halt abandoned is the halt itself, not a cause of its own.
    if (error instanceof Halted || (error instanceof Abandoned && this.halt.aborted)) {
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
    const { runner, aws } = this.record;
    if (runner !== undefined && !this.ledger.isEmpty) {
      if (this.revertFailure === undefined) {
        await this.revertTheRest(runner).catch((error: unknown) => {
          this.revertFailure = unprovenRevert(error, this.ledger.everyInstance());
          this.log.error(this.revertFailure.message, this.revertFailure.toJSON());
        });
      }
      await markReverted(this.ledger, this.reporter, this.log);
    }
    await this.probeHooks.settle().catch(() => undefined);
    this.settledHolds = await recordHoldsAndEvidence({
      holds: this.record.holds,
      counters: this.record.counters,
      nowMs: this.deps.clock.now(),
      log: this.log,
      reporter: this.reporter,
    });
    aws?.close();
  }

  private async revertTheRest(runner: CommandRunner): Promise<void> {
    const log = this.enter(this.abortedBy === undefined ? 'revert' : 'abort');
    const untilMs = this.revertDeadline();
    const cancelUntilMs = Math.min(untilMs, this.deps.clock.now() + CANCEL_WAIT_MS);
    // The cancel has a deadline of its own: a throttled CancelCommand must leave time to revert.
    await this.withinRevert(cancelUntilMs, () => runner.cancelInFlight(cancelUntilMs));
    log.info(`reverting ${this.ledger.everyInstance().length} instance(s) ever sent an inject`);
    const result = await this.withinRevert(untilMs, (signal) =>
      revertPending({ ...this.revertInput(runner, log, signal), untilMs }),
    );
    this.record.apply({ kind: 'reverted', counters: result.counters });
    if (result.failures.length > 0) this.revertFailure = revertError(result.failures);
  }

  revertInput(runner: CommandRunner, log: Logger, signal: AbortSignal) {
    const { config, deps, ledger } = this;
    return {
      runner,
      ledger,
      signal,
      clock: deps.clock,
      logger: log,
      region: config.aws.region,
      libImage: config.fault.libImage,
      drainSeconds: config.fault.drainSeconds,
    };
  }

  /**
   * What an AWS call starting now is bound to (ADR 0151): inside a revert, the revert's own
   * deadline (a signal must not stop the way back); elsewhere the run's halt, so a signal
   * drops calls in flight instead of waiting out the SDK's retries.
   */
  awsSignal(): AbortSignal {
    return this.reverts.active ?? this.halt;
  }

  withinRevert<T>(untilMs: number, body: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return this.reverts.within(untilMs, body);
  }

  /** After a signal: the end of the grace period; otherwise a generous budget. */
  revertDeadline(): number {
    return revertDeadlineOf(this.deps.clock.now(), this.abortAtMs, this.grace);
  }

  private async finish(): Promise<number> {
    this.ended.abort();
    const log = this.enter('result');
    const causes = {
      ...(this.abortedBy === undefined ? {} : { abortedBy: this.abortedBy }),
      ...(this.error === undefined ? {} : { error: this.error }),
    };
    const revert = this.revertFailure;
    const outcome = decideOutcome({
      injected: this.record.injected,
      probes: this.probeHooks.report(),
      health: this.record.health,
      ...causes,
      ...(revert === undefined ? {} : { revertError: withFirstCause(revert, causes) }),
      sentInject: this.ledger.everyInstance().length > 0,
      ...notHeld(this.settledHolds),
    });
    return finishRun(this.reporter, log, outcome, this.config.litmus.chaosEngine !== undefined);
  }
}
