import { ChaosError } from '../errors/chaos-error.js';
import type { PlanStep } from '../experiment/plan.js';
import type { Logger } from '../log/logger.js';
import type { HostOutcome } from './host-outcome.js';
import type { RevertLedger } from './ledger.js';
import { recoveryFor, type RecoveryContext } from './recovery.js';
import type { CommandRunner, Sent } from './runner.js';

export interface InjectInput extends RecoveryContext {
  readonly runner: CommandRunner;
  readonly ledger: RevertLedger;
  readonly logger: Logger;
  readonly step: PlanStep;
  readonly deadlineMs: number;
  /** Where waiting for the hosts ends at the latest (absolute). */
  readonly untilMs: number;
  readonly signal: AbortSignal;
}

/**
 * Phase `inject` for one step: for each command, push its revert on the undo stack, then
 * send it; then wait for every host. Returns every host's outcome; the caller decides
 * (an abort during the wait leaves outcomes unfinished).
 */
export async function injectStep(input: InjectInput): Promise<readonly HostOutcome[]> {
  const { runner, ledger, step, deadlineMs, signal } = input;
  const sent: Sent[] = [];
  const late: PlanStep['commands'][number][] = [];
  for (const command of step.commands) {
    if (signal.aborted) break;
    if (runner.now() > deadlineMs - LAST_SEND_MS) {
      late.push(command);
      continue;
    }
    // Before SendCommand: an accepted request whose answer is lost must still be reverted.
    const entry = ledger.push(command, deadlineMs);
    logRecovery(input, command.unitId, command.instanceIds, command.targets);
    const one = await runner.send({
      mode: 'inject',
      unitId: command.unitId,
      instanceIds: command.instanceIds,
      targets: command.targets,
      deadlineMs,
    });
    // AWS said no: nothing reached these hosts, so nothing is owed a revert (ADR 0157).
    if ('error' in one && one.refused) ledger.markNeverSent(entry);
    sent.push(one);
  }
  if (late.length > 0) logLate(input, late.length);
  const outcomes = await Promise.all(sent.map((one) => runner.collect(one, input.untilMs, signal)));
  return [...outcomes.flat(), ...late.flatMap((command) => notSent(command, late.length))];
}

/**
 * A host refuses an inject whose deadline is less than 3 s away (host.sh LEAD), and SSM
 * takes about a second to deliver: past this point a command is not sent at all (ADR 0192),
 * neither costing SSM calls nor a revert, and its hosts are named as failed.
 */
export const LAST_SEND_MS = 5_000;

function notSent(command: PlanStep['commands'][number], count: number): HostOutcome[] {
  const reason =
    `not sent: the window would have ended within ${LAST_SEND_MS / 1000} s of reaching the host ` +
    `(${count} command(s) left when the step's deadline came near: each SendCommand takes its turn ` +
    "at the run's SSM pace; a longer TOTAL_CHAOS_DURATION, fewer tasks or a larger SSM_COMMAND_MAX_BYTES help)";
  return command.instanceIds.map((instanceId) => ({
    instanceId,
    ok: false,
    step: 'send-command',
    reason,
    report: undefined,
  }));
}

function logLate(input: InjectInput, count: number): void {
  input.logger.warn(`${count} inject command(s) not sent: the step's deadline came near`, {
    deadline: new Date(input.deadlineMs).toISOString(),
  });
}

/** Logged before the command leaves: should this run die, the way back is already known. */
function logRecovery(
  input: InjectInput,
  unitId: string,
  instanceIds: readonly string[],
  targets: InjectInput['step']['targets'],
): void {
  for (const instanceId of instanceIds) {
    input.logger.info(`manual recovery for ${instanceId} should this run die`, {
      instance: instanceId,
      chaosId: unitId,
      command: recoveryFor(input, unitId, instanceId, targets),
    });
  }
}

/** One line per proxy the hosts reported ready: where it runs and until when. */
export function logReady(logger: Logger, outcomes: readonly HostOutcome[]): void {
  for (const outcome of outcomes) {
    for (const state of outcome.report?.targets.values() ?? []) {
      for (const ready of state.ready) {
        logger.info(`proxy ready on ${outcome.instanceId}`, {
          instance: outcome.instanceId,
          task: state.task,
          container: ready.container,
          proxy: ready.proxy.slice(0, 12),
          namespace: ready.namespace.slice(0, 12),
          until: new Date(ready.deadline).toISOString(),
        });
      }
    }
  }
}

/** CHAOS_INJECT_ERROR naming every host that failed, with its step and reason. */
export function injectError(failures: readonly HostOutcome[], total: number): ChaosError {
  const lines = failures.map(
    (failure) => `${failure.instanceId}: step ${failure.step}: ${failure.reason}`,
  );
  return new ChaosError({
    code: 'CHAOS_INJECT_ERROR',
    phase: 'inject',
    target: failures.map((failure) => failure.instanceId).join(','),
    reason: [
      `the fault could not be injected on ${failures.length} of ${total} host(s):`,
      ...lines.map((line) => `  ${line}`),
    ].join('\n'),
    fix: 'see each host step and reason; every host the inject may have reached has been sent a revert (a SendCommand AWS refused reached none)',
  });
}
