import type { FaultConfig } from '../config/run-config.js';
import type { ChaosError } from '../errors/chaos-error.js';
import { Abandoned } from '../errors/abandoned.js';
import { Refused } from '../errors/refused.js';
import type { Clock } from '../core/clock.js';
import type { SendCommandRequest, SsmApi } from '../experiment/aws-api.js';
import type { Target } from '../experiment/types.js';
import { commandSizer } from '../experiment/commands.js';
import { packInstances, type CommandBudget, type PlannedCommand } from '../experiment/plan.js';
import type { PayloadMode } from '../host/payload.js';
import { scriptFor, type HostScripts } from '../host/scripts.js';
import type { Logger } from '../log/logger.js';
import { hostOutcome, type HostOutcome } from './host-outcome.js';
import { awaitInvocations, type PollPolicy, type PollVia } from './poll.js';
import { sendRequestFor, waitBudgetMs } from './requests.js';
import { messageOf } from '../core/message.js';

export interface RunnerDeps {
  readonly ssm: SsmApi;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly fault: FaultConfig;
  /** The builds of the host script: each command carries the smallest that runs its mode. */
  readonly hostScripts: HostScripts;
  /** SSM_COMMAND_MAX_BYTES: what a command this runner packs may weigh. */
  readonly maxCommandBytes: number;
  readonly poll: PollPolicy;
  /** What preflight found the identity may call (ADR 0154). */
  readonly via: PollVia;
}

export interface CommandSpec {
  readonly mode: PayloadMode;
  readonly unitId: string;
  readonly instanceIds: readonly string[];
  readonly targets: readonly Target[];
  readonly deadlineMs: number;
}

/**
 * A command SSM accepted; or one that failed: `refused` when AWS answered no (nothing was
 * sent, ADR 0157), else the instances it may or may not have reached.
 */
export type Sent =
  | { readonly spec: CommandSpec; readonly commandId: string; readonly request: SendCommandRequest }
  | { readonly spec: CommandSpec; readonly error: ChaosError; readonly refused: boolean };

interface InFlight {
  readonly commandId: string;
  readonly instanceIds: readonly string[];
}

/**
 * Sends host-script commands and waits for their invocations. Remembers what is still
 * running, so an abort can cancel it (SIGKILL of the command's process group on the host).
 */
export class CommandRunner {
  private readonly inFlight = new Map<string, InFlight>();
  private readonly sizers = new Map<PayloadMode, CommandBudget['measure']>();

  constructor(private readonly deps: RunnerDeps) {}

  /**
   * These instances' targets as commands of one mode, packed for the build that mode
   * carries (ADR 0223): a revert's commands hold about twice the inject's targets.
   */
  pack(
    mode: PayloadMode,
    unitId: string,
    instances: readonly (readonly [string, readonly Target[]])[],
  ): PlannedCommand[] {
    const { fault, hostScripts, maxCommandBytes } = this.deps;
    let measure = this.sizers.get(mode);
    if (measure === undefined) {
      measure = commandSizer(fault, scriptFor(hostScripts, mode));
      this.sizers.set(mode, measure);
    }
    return packInstances(unitId, instances, { measure, maxCommandBytes });
  }

  /** The run's clock, for callers deciding whether a command is still worth sending. */
  now(): number {
    return this.deps.clock.now();
  }

  async send(spec: CommandSpec): Promise<Sent> {
    const { ssm, clock, fault, hostScripts, logger } = this.deps;
    const script = scriptFor(hostScripts, spec.mode);
    const request = sendRequestFor(fault, script, { ...spec, nowMs: clock.now() });
    // Status commands (the watch, ADR 0140) only read: cancelling one on the way out would
    // only delay the revert, and one round per interval would flood the info log.
    const quiet = spec.mode === 'status';
    try {
      const { commandId } = await ssm.sendCommand(request);
      if (!quiet) this.inFlight.set(commandId, { commandId, instanceIds: spec.instanceIds });
      logger[quiet ? 'debug' : 'info'](`SendCommand ${spec.mode} ${spec.unitId}`, {
        commandId,
        instances: spec.instanceIds,
        executionTimeout: request.executionTimeoutSeconds,
        deliveryTimeout: request.deliveryTimeoutSeconds,
      });
      return { spec, commandId, request };
    } catch (error) {
      const wrapped = error as ChaosError;
      const refused = wrapped instanceof Refused;
      const said = refused ? 'refused by AWS: nothing was sent' : 'it may still have been accepted';
      logger.warn(`SendCommand ${spec.mode} ${spec.unitId} failed; ${said}`, {
        instances: spec.instanceIds,
        error: wrapped.message,
      });
      return { spec, error: wrapped, refused };
    }
  }

  /** One outcome per instance of the command, within `untilMs` (absolute). */
  async collect(sent: Sent, untilMs: number, signal?: AbortSignal): Promise<HostOutcome[]> {
    const { spec } = sent;
    if ('error' in sent) {
      return spec.instanceIds.map((instanceId) => ({
        instanceId,
        ok: false,
        step: 'send-command',
        reason: sent.refused ? `refused, nothing sent: ${sent.error.reason}` : sent.error.reason,
        report: undefined,
      }));
    }
    const { ssm, clock, poll, via } = this.deps;
    const finals = await awaitInvocations({
      ssm,
      via,
      clock,
      policy: poll,
      commandId: sent.commandId,
      instanceIds: spec.instanceIds,
      untilMs: Math.min(untilMs, clock.now() + waitBudgetMs(sent.request)),
      ...(signal === undefined ? {} : { signal }),
    });
    const outcomes = spec.instanceIds.map((id) => {
      const final = finals.get(id);
      if (final === undefined) throw new Error(`no poll result for ${id}`);
      return hostOutcome(spec.mode, id, final, spec.targets);
    });
    if ([...finals.values()].every((final) => final.kind === 'ended')) {
      this.inFlight.delete(sent.commandId);
    }
    return outcomes;
  }

  /**
   * Cancels every command not known to have ended, then waits (bounded) for them to end.
   * Cancels go one after another at the run's SSM pace and stop at `untilMs`: with hundreds
   * of commands out, cancelling them all would hold the revert back for minutes (ADR 0192);
   * one not cancelled is harmless, its host refusing an inject after the revert's tombstone.
   */
  async cancelInFlight(untilMs: number): Promise<void> {
    const { ssm, clock, poll, via, logger } = this.deps;
    const open = [...this.inFlight.values()];
    this.inFlight.clear();
    const cancelled: InFlight[] = [];
    for (const one of open) {
      if (clock.now() >= untilMs) {
        logger.warn(
          `${open.length - cancelled.length} command(s) left uncancelled: the revert goes first`,
        );
        break;
      }
      try {
        await ssm.cancelCommand(one.commandId);
        logger.warn(`CancelCommand ${one.commandId}`, { instances: one.instanceIds });
        cancelled.push(one);
      } catch (error) {
        // Dropped at the bound while waiting for its slot: the check above says how many.
        if (error instanceof Abandoned) continue;
        logger.warn(`could not cancel ${one.commandId}; the revert follows anyway`, {
          error: messageOf(error),
        });
      }
    }
    await Promise.all(
      cancelled.map(({ commandId, instanceIds }) =>
        awaitInvocations({
          ...{ ssm, via, clock, policy: poll },
          ...{ commandId, instanceIds, untilMs },
        }).catch(() => undefined),
      ),
    );
  }
}
