import type { RunConfig } from '../config/run-config.js';
import { Abandoned } from '../errors/abandoned.js';
import { ChaosError, asChaosError } from '../errors/chaos-error.js';
import type { Phase } from '../errors/codes.js';
import { RevertLedger } from '../dispatch/ledger.js';
import {
  revertError,
  revertPending,
  unprovenRevert,
  type CountersByTask,
} from '../dispatch/revert.js';
import { CommandRunner } from '../dispatch/runner.js';
import type { Logger } from '../log/logger.js';
import type { TargetHold } from '../dispatch/hold.js';
import type { AwsSession, RunDeps } from './deps.js';
import { decideOutcome, type HealthResult } from '../result/outcome.js';
import { markReverted, notHeld, recordHoldsAndEvidence } from './end-of-run.js';
import { exitOf, logExit } from './exit-code.js';
import { gracePeriodOf, revertDeadlineOf, type GracePeriod } from './grace.js';
import { NO_PROBES, logReporter, type ProbeHooks, type RunReporter } from './reporting.js';
import { RevertScopes } from './revert-scope.js';
import { Halted, runSteps } from './steps.js';

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
    this.halt = deps.signal;
    this.reverts = new RevertScopes(deps.clock, this.graceOver.signal);
    this.grace = gracePeriodOf(config.litmus.terminationGracePeriodSeconds, undefined);
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
      this.adoptGrace(await reporting.podGracePeriodSeconds());
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
    const runner = this.runner;
    if (runner !== undefined && !this.ledger.isEmpty) {
      if (this.revertFailure === undefined) {
        await this.revertTheRest(runner).catch((error: unknown) => {
          this.revertFailure = unprovenRevert(error, this.ledger.everyInstance());
          this.log.error(this.revertFailure.message, this.revertFailure.toJSON());
        });
      }
      await markReverted(this.ledger, this.reporter, this.log);
    }
    await this.probes.settle().catch(() => undefined);
    this.settledHolds = await recordHoldsAndEvidence({
      holds: this.holds,
      counters: this.counters,
      nowMs: this.deps.clock.now(),
      log: this.log,
      reporter: this.reporter,
    });
    this.aws?.close();
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
    for (const [task, counters] of result.counters) this.counters.set(task, counters);
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
    const exit = exitOf({
      outcome,
      underRunner: this.config.litmus.chaosEngine !== undefined,
      verdictWritten: this.reporter.verdictWritten,
    });
    logExit(log, outcome, exit);
    return exit.code;
  }
}
