import { ChaosError } from '../errors/chaos-error.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../log/logger.js';
import { COUNTERS, type ProxyCounters } from '../host/payload-events.js';
import type { HostOutcome } from './host-outcome.js';
import type { RevertLedger, UndoEntry } from './ledger.js';
import { recoveryFor, type RecoveryContext } from './recovery.js';
import { revertBatches, type RevertBatch, type RevertPacker } from './revert-batches.js';
import type { CommandRunner } from './runner.js';
import { messageOf } from '../core/message.js';

export interface RevertInput extends RecoveryContext {
  readonly runner: CommandRunner;
  readonly ledger: RevertLedger;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Absolute: on abort, the end of TERMINATION_GRACE_PERIOD_SECONDS. */
  readonly untilMs: number;
  /** Fires when a signal's grace period ran out while this revert was under way. */
  readonly signal?: AbortSignal;
}

/** A proxy's final counters, per task ARN, as the reverts reported them. */
export type CountersByTask = Map<string, ProxyCounters | null>;
/** The same, for readers. */
export type CountersView = ReadonlyMap<string, ProxyCounters | null>;

export interface RevertResult {
  readonly counters: CountersByTask;
  /** Hosts still not proven clean: each logged with its manual-recovery command. */
  readonly failures: readonly HostOutcome[];
}

/** A second round only when at least this much time is left for it. */
const SECOND_ROUND_MS = 15_000;

/**
 * Phase `revert`: every pending entry of the undo stack, most recent first, to every
 * instance it was ever sent to and not yet proven clean; a second round for the hosts that
 * failed when time allows. Never throws for a host: failures come back, named.
 */
export async function revertPending(input: RevertInput): Promise<RevertResult> {
  const counters: CountersByTask = new Map();
  let failures: { entry: UndoEntry; outcome: HostOutcome }[] = [];
  for (let round = 1; round <= 2 && !input.ledger.isEmpty; round += 1) {
    const left = input.untilMs - input.clock.now();
    if (round === 2 && (left < SECOND_ROUND_MS || input.signal?.aborted === true)) break;
    failures = await revertRound(input, counters).catch((error: unknown) =>
      everyPending(input.ledger, error),
    );
  }
  for (const { entry, outcome } of failures) logManualRecovery(input, entry, outcome);
  return { counters, failures: failures.map((failure) => failure.outcome) };
}

async function revertRound(
  input: RevertInput,
  counters: CountersByTask,
): Promise<{ entry: UndoEntry; outcome: HostOutcome }[]> {
  const { runner, ledger } = input;
  const pack: RevertPacker = (unitId, hosts) => runner.pack('revert', unitId, hosts);
  const sent = [];
  for (const batch of revertBatches(ledger, pack)) {
    const spec = { ...batch.command, mode: 'revert', deadlineMs: batch.deadlineMs } as const;
    sent.push({ batch, sent: await runner.send(spec) });
  }
  const results = await Promise.all(
    sent.map(async ({ batch, sent: one }) => ({
      batch,
      outcomes: await runner.collect(one, input.untilMs, input.signal),
    })),
  );
  return results.flatMap(({ batch, outcomes }) =>
    outcomes.flatMap((outcome) => settle(input, batch, outcome, counters)),
  );
}

/** One host's answer, for every entry of the batch that sent to it: clean, or a failure. */
function settle(
  input: RevertInput,
  batch: RevertBatch,
  outcome: HostOutcome,
  counters: CountersByTask,
): { entry: UndoEntry; outcome: HostOutcome }[] {
  collectCounters(outcome, counters);
  const entries = batch.entries.filter((entry) => entry.instanceIds.includes(outcome.instanceId));
  if (!outcome.ok) return entries.map((entry) => ({ entry, outcome }));
  for (const entry of entries) input.ledger.markClean(entry, outcome.instanceId);
  input.logger.info(`reverted ${outcome.instanceId}: proven clean`, {
    unit: batch.command.unitId,
  });
  return [];
}

/** SSM itself failed mid-round: every host not yet proven clean is named, none is assumed. */
function everyPending(ledger: RevertLedger, error: unknown) {
  const reason = `the revert round failed: ${messageOf(error)}`;
  return ledger.pending().flatMap((entry) =>
    ledger.remaining(entry).map((instanceId) => {
      const outcome: HostOutcome = {
        instanceId,
        ok: false,
        step: 'ssm',
        reason,
        report: undefined,
      };
      return { entry, outcome };
    }),
  );
}

function collectCounters(outcome: HostOutcome, counters: CountersByTask): void {
  for (const state of outcome.report?.targets.values() ?? []) {
    for (const reverted of state.reverted) {
      const previous = counters.get(state.task);
      counters.set(state.task, sum(previous ?? null, reverted.counters));
    }
  }
}

function sum(a: ProxyCounters | null, b: ProxyCounters | null): ProxyCounters | null {
  if (a === null) return b;
  if (b === null) return a;
  const totals = Object.fromEntries(COUNTERS.map((key) => [key, a[key] + b[key]]));
  return {
    ...(totals as Record<(typeof COUNTERS)[number], number>),
    ...preExistingOf(a, b),
    ...mechanismOf(b),
  };
}

/** The optional counts, summed where either report has one. */
function preExistingOf(a: ProxyCounters, b: ProxyCounters): Partial<ProxyCounters> {
  const sums: { preExisting?: number; leaseLapses?: number } = {};
  for (const key of ['preExisting', 'leaseLapses'] as const) {
    if (a[key] !== undefined || b[key] !== undefined) sums[key] = (a[key] ?? 0) + (b[key] ?? 0);
  }
  return sums;
}

/** The mechanism is what the later report says (the same proxy reports it each time). */
function mechanismOf(report: ProxyCounters): Partial<ProxyCounters> {
  const { mechanism, mechanismWhy } = report;
  return {
    ...(mechanism === undefined ? {} : { mechanism }),
    ...(mechanismWhy === undefined ? {} : { mechanismWhy }),
  };
}

function logManualRecovery(input: RevertInput, entry: UndoEntry, outcome: HostOutcome): void {
  input.logger.error(`revert not proven on ${outcome.instanceId}: recover it by hand`, {
    instance: outcome.instanceId,
    chaosId: entry.unitId,
    step: outcome.step,
    reason: outcome.reason,
    command: recoveryFor(input, entry.unitId, outcome.instanceId, entry.targets),
  });
}

/** CHAOS_REVERT_ERROR naming every host not proven clean. */
export function revertError(failures: readonly HostOutcome[]): ChaosError {
  return new ChaosError({
    code: 'CHAOS_REVERT_ERROR',
    phase: 'revert',
    target: [...new Set(failures.map((failure) => failure.instanceId))].join(','),
    reason: [
      `the revert is not proven on ${failures.length} host command(s):`,
      ...failures.map((f) => `  ${f.instanceId}: step ${f.step}: ${f.reason}`),
    ].join('\n'),
    fix: 'run the manual-recovery command logged for each host; the proxy also stops itself at its deadline and the reaper removes it at deadline + REAPER_GRACE_SECONDS',
  });
}

/** The revert itself broke (not a host's answer): nothing is proven, every host is named. */
export function unprovenRevert(error: unknown, instances: readonly string[]): ChaosError {
  return new ChaosError({
    code: 'CHAOS_REVERT_ERROR',
    phase: 'revert',
    target: instances.join(','),
    reason: `the revert could not complete: ${messageOf(error)}`,
    fix: 'run the manual-recovery command of README.md on each host named; the proxy also stops itself at its deadline and the reaper removes it at deadline + REAPER_GRACE_SECONDS',
    cause: error,
  });
}
