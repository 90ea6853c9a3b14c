import type { Server } from 'node:net';
import { EXIT, type CliContext } from '../core/context.js';
import { ChaosError } from '../errors/index.js';
import type { Logger } from '../log/logger.js';
import { installRedirect } from '../netfilter/install.js';
import { chainName } from '../netfilter/names.js';
import {
  isClean,
  removeEverywhere,
  type RemovalReport,
  removedCount,
} from '../netfilter/remove.js';
import type { ProxyDeps } from './command.js';
import { readyEvent, statsEvent, stoppedEvent } from './events.js';
import type { ProxyOptions } from './options.js';
import type { Placement } from './preflight.js';
import { RelayTable } from './relay.js';
import { listenOn } from './server.js';
import { waitForWindowEnd } from './deadline.js';
import { Lease, type LeaseFigures } from './lease.js';
import { messageOf } from '../core/message.js';

export interface ServeInput {
  readonly context: CliContext;
  readonly deps: ProxyDeps;
  readonly options: ProxyOptions;
  readonly placement: Placement;
  readonly deadlineMs: number;
  readonly statsEveryMs: number;
  readonly log: Logger;
  /** Why the relay runs (it was forced, or destroy is unavailable here). */
  readonly mechanismWhy?: string;
}

/** After a normal close, how long peers get to answer our FIN before sockets are destroyed. */
const CLOSE_GRACE_MS = 1000;

/** Listen, install, serve until the deadline or a signal, end the window, remove, report. */
export async function serve(input: ServeInput): Promise<number> {
  const { context, deps, options, placement, deadlineMs, log } = input;
  const table = new RelayTable({
    targetPort: options.targetPort,
    resetTimeoutMs: options.resetTimeoutMs,
    toxicity: options.toxicity,
    interfaceName: placement.interfaceName,
    random: deps.random,
    now: deps.now,
    deadlineMs,
  });
  const server = await listenOn(options.proxyPort, table.accept);
  server.on('error', (error) => {
    log.forPhase('proxy-serve').error(`listener error: ${error.message}`);
  });
  let lease: Lease;
  try {
    lease = await install(input, log.forPhase('proxy-install'));
  } catch (error) {
    server.close();
    throw error;
  }
  const chain = chainName(options.id);
  const facts = {
    backend: placement.netfilter.backend,
    interfaceName: placement.interfaceName,
    families: placement.families,
    chain,
    deadlineMs,
    mechanism: 'relay' as const,
    mechanismWhy: input.mechanismWhy ?? 'relay',
  };
  context.stdout(readyEvent(options, facts));
  log
    .forPhase('proxy-serve')
    .info(
      `serving: ${placement.interfaceName}:${options.targetPort} -> :${options.proxyPort}, reset after ${options.resetTimeoutMs} ms, toxicity ${options.toxicity}%, until ${new Date(deadlineMs).toISOString()}`,
    );
  lease.start();
  const stats = setInterval(() => {
    context.stdout(statsEvent(options.id, deps.now(), table.snapshot()));
  }, input.statsEveryMs);
  const reason = await waitForWindowEnd(deadlineMs, deps.now, context.signal);
  clearInterval(stats);
  const leaseFigures = await lease.stop();
  const { open, jumps } = await endWindow(input, table, server, reason);
  const rest = await removeEverywhere(placement.all, { chaosId: options.id }, 'everything');
  const jumpsRemoved = removedCount(jumps);
  return report(input, table, rest, {
    reason,
    closedAfterDrain: open,
    jumpsRemoved,
    lease: leaseFigures,
  });
}

/** Stale artefacts of an earlier run with this id are replaced, never duplicated. */
async function install(input: ServeInput, log: Logger): Promise<Lease> {
  const { options, placement } = input;
  const selector = { chaosId: options.id };
  const stale = await removeEverywhere(placement.all, selector, 'everything');
  const staleCount = removedCount(stale);
  if (staleCount > 0)
    log.warn(
      `removed ${staleCount} stale rules/chains left by an earlier run of chaos id ${options.id}`,
    );
  if (!isClean(stale))
    throw installError('stale rules of this chaos id could not be removed', stale);
  const spec = {
    chaosId: options.id,
    interfaceName: placement.interfaceName,
    targetPort: options.targetPort,
    proxyPort: options.proxyPort,
    deadlineMs: input.deadlineMs,
  };
  const installedAt = input.deps.now();
  try {
    await installRedirect(placement.netfilter, placement.families, spec, installedAt);
    const { netfilter, families } = placement;
    const leaseLog = log.forPhase('proxy-serve');
    return new Lease(
      { netfilter, families, spec, now: input.deps.now, log: leaseLog },
      installedAt,
    );
  } catch (error) {
    const rollback = await removeEverywhere(placement.all, selector, 'everything');
    const state = isClean(rollback)
      ? 'everything installed so far was removed again'
      : 'and removing what was installed failed too';
    throw installError(`${messageOf(error)}; ${state}`, rollback, error);
  }
}

function installError(
  reason: string,
  reports: readonly RemovalReport[],
  cause?: unknown,
): ChaosError {
  const left = reports.flatMap((r) => [...r.failures, ...r.remaining]);
  return new ChaosError({
    code: 'PROXY_ERROR',
    phase: 'proxy-install',
    reason: left.length === 0 ? reason : `${reason}; still present: ${left.join(' | ')}`,
    fix: 'check that the container has NET_ADMIN and that iptables works in this namespace, then run `ecs-http-chaos cleanup --id <id>`',
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * No reset after the window: timers are disarmed first, then the jump goes (no new
 * redirects), proxied connections get the drain to finish, the rest a normal close.
 * The chain and keeper stay until then so conntrack keeps every proxied mapping.
 */
async function endWindow(
  input: ServeInput,
  table: RelayTable,
  server: Server,
  reason: string,
): Promise<{ open: number; jumps: RemovalReport[] }> {
  const log = input.log.forPhase('proxy-drain');
  table.disarm();
  log.info(`window ended (${reason}): resets disarmed, ${table.counters.active} connections open`);
  const jumps = await removeEverywhere(
    [input.placement.netfilter],
    { chaosId: input.options.id },
    'jumps',
  );
  for (const failure of jumps.flatMap((r) => r.failures))
    log.error(`removing the jump: ${failure}`);
  const open = await table.drain(input.options.drainS * 1000);
  // Nothing new is redirected once the jump is gone: a connection accepted after the drain
  // would get neither the close nor the grace below.
  server.close();
  if (open > 0) {
    log.info(`drain of ${input.options.drainS} s over: closing ${open} connections normally`);
    table.closeRemaining();
    if ((await table.drain(CLOSE_GRACE_MS)) > 0) table.destroyRemaining();
    await table.drain(CLOSE_GRACE_MS);
  }
  return { open, jumps };
}

function report(
  input: ServeInput,
  table: RelayTable,
  reports: readonly RemovalReport[],
  end: { reason: string; closedAfterDrain: number; jumpsRemoved: number; lease: LeaseFigures },
): number {
  const { id } = input.options;
  const log = input.log.forPhase('proxy-remove');
  const removed = end.jumpsRemoved + removedCount(reports);
  for (const failure of reports.flatMap((r) => r.failures)) log.error(failure);
  const clean = isClean(reports);
  if (clean) {
    log.info(`removed ${removed} rules/chains of chaos id ${id}; nothing of it is left`);
  } else {
    const left = reports.flatMap((r) => r.remaining).join(' | ');
    log.error(`left behind: ${left}; run \`ecs-http-chaos cleanup --id ${id}\``);
  }
  const facts = {
    reason: end.reason,
    closedAfterDrain: end.closedAfterDrain,
    clean,
    removed,
    lease: end.lease,
    mechanism: 'relay' as const,
    mechanismWhy: input.mechanismWhy ?? 'relay',
  };
  input.context.stdout(stoppedEvent(id, table.snapshot(), facts));
  return clean ? EXIT.ok : EXIT.error;
}
