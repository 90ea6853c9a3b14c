import type { Clock } from '../core/clock.js';
import type { PlanStep } from '../experiment/plan.js';
import type { Target } from '../experiment/types.js';
import type { Logger } from '../log/logger.js';
import { observe, type Observation, type StatusEvent, type TargetHold } from './hold.js';
import type { HostOutcome } from './host-outcome.js';
import type { CommandRunner, Sent } from './runner.js';
import { messageOf } from '../core/message.js';

/**
 * The watch's own share of SSM's request rate, all APIs together. AWS publishes no rate
 * for the Run Command APIs; this stays far below the smallest SSM rate it does publish
 * (Parameter Store, 40 per second), leaving the rest to inject, revert and other tools.
 */
export const WATCH_CALLS_PER_SECOND = 5;
/** ListCommandInvocations per command in a typical round (polls at 0.5, 1.25, 2.4 s …). */
const LISTS_PER_COMMAND = 4;
/** No round but the first starts this close to the deadline: what hosts see then is late. */
const LAST_ROUND_MS = 3_000;
/** A round waits at most this long (or two intervals) for its hosts. */
const ROUND_MIN_MS = 10_000;

export interface WatchInput {
  readonly runner: CommandRunner;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly step: PlanStep;
  /** The inject's outcomes: each target's proxy id, from its ready line. */
  readonly injected: readonly HostOutcome[];
  readonly deadlineMs: number;
  /** WATCH_INTERVAL_SECONDS; paced up for many hosts (watchIntervalMs). */
  readonly intervalMs: number;
  /** The run's halt (signal, stopOnFailure probe): the watch stops at once. */
  readonly signal: AbortSignal;
  /** Once per target whose fault is seen stopped, as soon as it is seen. */
  readonly onStop: (hold: Extract<TargetHold, { kind: 'stopped' }>) => void;
}

interface Watched {
  readonly target: Target;
  readonly proxyId: string | undefined;
  lastHeldMs: number | undefined;
  stop: Extract<TargetHold, { kind: 'stopped' }> | undefined;
  /** Why the latest round did not see it; undefined once a round did. */
  problem: string | undefined;
}

/** The interval for this many commands and hosts, within WATCH_CALLS_PER_SECOND. */
export function watchIntervalMs(configuredMs: number, commands: number, hosts: number): number {
  const calls = commands * (1 + LISTS_PER_COMMAND) + hosts;
  return Math.max(configuredMs, Math.ceil((calls / WATCH_CALLS_PER_SECOND) * 1000));
}

/**
 * Phase `chaos`: status commands to every host of the step, one round per interval, until
 * the deadline or the run's halt (ADR 0140). The run calls `stop()` once the step's revert
 * is over (at once on a halt): it freezes what was seen and returns it. Nothing of the
 * watch is ever awaited, so it can neither delay nor break the revert.
 */
export class ProxyWatch {
  private readonly watched: Watched[];
  private readonly halt = new AbortController();
  private readonly signal: AbortSignal;
  private readonly intervalMs: number;
  private frozen = false;

  private constructor(private readonly input: WatchInput) {
    this.watched = input.step.targets.map((target) => ({
      target,
      proxyId: proxyIdOf(input.injected, target),
      lastHeldMs: undefined,
      stop: undefined,
      problem: undefined,
    }));
    this.signal = AbortSignal.any([input.signal, this.halt.signal]);
    const hosts = new Set(input.step.targets.map((target) => target.instanceId)).size;
    this.intervalMs = watchIntervalMs(input.intervalMs, input.step.commands.length, hosts);
    input.logger.info(
      `watching ${this.watched.length} proxy target(s) on ${hosts} host(s): a status round every ${this.intervalMs / 1000} s`,
    );
  }

  /** Starts the rounds; the first goes out at once. */
  static start(input: WatchInput): ProxyWatch {
    const watch = new ProxyWatch(input);
    void watch.loop();
    return watch;
  }

  /** Ends the watch now and says, per target, whether its fault held until now. */
  stop(): readonly TargetHold[] {
    this.frozen = true;
    this.halt.abort();
    const endMs = Math.min(this.input.clock.now(), this.input.deadlineMs);
    const staleMs = 2 * this.intervalMs + ROUND_MIN_MS;
    const halted = this.input.signal.aborted;
    return this.watched.map((one) => holdOf(one, endMs - staleMs, halted));
  }

  private async loop(): Promise<void> {
    const { clock, deadlineMs } = this.input;
    let first = true;
    while (!this.signal.aborted && (first || deadlineMs - clock.now() >= LAST_ROUND_MS)) {
      first = false;
      const startedMs = clock.now();
      await this.round().catch((error: unknown) => {
        const reason = `the status round failed: ${messageOf(error)}`;
        for (const one of this.watched) this.fold(one, { kind: 'unknown', reason });
      });
      const pause = startedMs + this.intervalMs - clock.now();
      await clock.sleep(Math.max(0, pause), this.signal).catch(() => undefined);
    }
  }

  private async round(): Promise<void> {
    const { runner, step, deadlineMs, clock } = this.input;
    // Not cut at the deadline: a round still out then lands while the revert runs (each
    // host's `at` keeps only what it saw before the deadline) until stop() freezes it.
    const untilMs = clock.now() + Math.max(2 * this.intervalMs, ROUND_MIN_MS);
    const sent: Sent[] = [];
    for (const command of step.commands) {
      // Past the deadline a status says nothing (hold.ts ignores it), and its SendCommand
      // would take the revert's turn at the run's SSM pace (ADR 0192).
      if (this.signal.aborted || clock.now() >= deadlineMs) return;
      const { unitId, instanceIds, targets } = command;
      sent.push(await runner.send({ mode: 'status', unitId, instanceIds, targets, deadlineMs }));
    }
    // Each command's hosts count as soon as they answered: a slow host elsewhere does not
    // hold them back. A round cut short by the halt says nothing about its hosts.
    await Promise.all(
      sent.map(async (one) => {
        const outcomes = await runner.collect(one, untilMs, this.signal);
        if (!this.signal.aborted) for (const outcome of outcomes) this.take(outcome);
      }),
    );
  }

  private take(outcome: HostOutcome): void {
    const lines = (outcome.report?.events ?? []).filter(
      (event): event is StatusEvent => event.event === 'status',
    );
    const why = outcome.ok
      ? 'the host sent no status line for it'
      : `${outcome.step}: ${outcome.reason}`;
    for (const one of this.watched.filter((w) => w.target.instanceId === outcome.instanceId)) {
      const { taskArn, containerName } = one.target;
      const line = lines.find(
        (seen) => seen.task === taskArn && (seen.container ?? containerName) === containerName,
      );
      const expected = { proxyId: one.proxyId, deadlineMs: this.input.deadlineMs };
      const observation: Observation =
        line === undefined
          ? { kind: 'unknown', reason: why }
          : observe(line, expected, this.input.clock.now());
      this.fold(one, observation);
    }
  }

  private fold(one: Watched, observation: Observation): void {
    if (this.frozen || one.stop !== undefined || observation.kind === 'late') return;
    const { logger } = this.input;
    const fields = { task: one.target.taskArn, instance: one.target.instanceId };
    if (observation.kind === 'held') {
      if (one.problem !== undefined) logger.info('the watch sees this proxy again', fields);
      one.problem = undefined;
      one.lastHeldMs = Math.max(one.lastHeldMs ?? 0, observation.atMs);
    } else if (observation.kind === 'unknown') {
      if (one.problem === undefined) {
        logger.warn(`cannot see whether the fault holds: ${observation.reason}`, fields);
      }
      one.problem = observation.reason;
    } else {
      one.stop = { ...observation, task: one.target.taskArn };
      const at =
        observation.atMs === undefined ? '' : ` at ${new Date(observation.atMs).toISOString()}`;
      logger.warn(`the fault stopped early${at}: ${observation.reason}`, fields);
      this.input.onStop(one.stop);
    }
  }
}

function proxyIdOf(injected: readonly HostOutcome[], target: Target): string | undefined {
  const outcome = injected.find((one) => one.instanceId === target.instanceId);
  const state = outcome?.report?.targets.get(target.taskArn);
  return state?.ready.find((ready) => ready.container === target.containerName)?.proxy;
}

function holdOf(one: Watched, freshAfterMs: number, halted: boolean): TargetHold {
  const task = one.target.taskArn;
  if (one.stop !== undefined) return one.stop;
  if (one.lastHeldMs !== undefined && one.lastHeldMs >= freshAfterMs) {
    return { kind: 'held', task, lastSeenMs: one.lastHeldMs };
  }
  if (halted && one.lastHeldMs === undefined && one.problem === undefined) {
    const reason = 'the run was halted before the first status round came back';
    return { kind: 'unknown', task, reason, lastSeenMs: undefined, cutShort: true };
  }
  const since =
    one.lastHeldMs === undefined
      ? 'never seen by a status round'
      : `not seen since ${new Date(one.lastHeldMs).toISOString()}`;
  const reason = `${since}${one.problem === undefined ? '' : `: ${one.problem}`}`;
  return { kind: 'unknown', task, reason, lastSeenMs: one.lastHeldMs };
}
