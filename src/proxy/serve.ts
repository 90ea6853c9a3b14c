import type { Server } from 'node:net';
import { EXIT, type CliContext } from '../core/context.js';
import type { Logger } from '../log/logger.js';
import { chainName } from '../netfilter/names.js';
import {
  isClean,
  removeEverywhere,
  type RemovalReport,
  removedCount,
} from '../netfilter/remove.js';
import type { ProxyDeps } from './command.js';
import { readyEvent, statsEvent, stoppedEvent, type SweepFigures } from './events.js';
import type { ProxyOptions } from './options.js';
import type { Placement } from './preflight.js';
import { RelayTable } from './relay.js';
import { install } from './relay-install.js';
import { listenOn } from './server.js';
import { waitForWindowEnd } from './deadline.js';
import type { Lease, LeaseFigures } from './lease.js';
import { forgetRedirected, relaySweeper, sweepFigures } from './relay-sweeper.js';

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
  const sweeper = relaySweeper(input, log.forPhase('proxy-install'));
  const table = new RelayTable({
    targetPort: options.targetPort,
    resetTimeoutMs: options.resetTimeoutMs,
    toxicity: options.toxicity,
    interfaceName: placement.interfaceName,
    random: deps.random,
    now: deps.now,
    deadlineMs,
    ...(sweeper === undefined ? {} : { onClientReset: sweeper.request.bind(sweeper) }),
  });
  const server = await listenOn(options.proxyPort, table.accept);
  server.on('error', (error) => {
    log.forPhase('proxy-serve').error(`listener error: ${error.message}`);
  });
  let lease: Lease;
  try {
    lease = await install(input, log.forPhase('proxy-install'), sweeper);
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
  // Before the chain and keeper go: where another nat rule keeps conntrack on, an entry
  // left would still redirect its 4-tuple to this (closed) port for up to 10 s.
  const forgotAtEnd = await forgetRedirected(sweeper, log.forPhase('proxy-remove'), 'at the end');
  const rest = await removeEverywhere(placement.all, { chaosId: options.id }, 'everything');
  const jumpsRemoved = removedCount(jumps);
  return report(input, table, rest, {
    reason,
    closedAfterDrain: open,
    jumpsRemoved,
    lease: leaseFigures,
    ...(sweeper === undefined ? {} : { sweeps: sweepFigures(sweeper, forgotAtEnd) }),
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
  end: {
    reason: string;
    closedAfterDrain: number;
    jumpsRemoved: number;
    lease: LeaseFigures;
    sweeps?: SweepFigures;
  },
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
    ...(end.sweeps === undefined ? {} : { sweeps: end.sweeps }),
    mechanism: 'relay' as const,
    mechanismWhy: input.mechanismWhy ?? 'relay',
  };
  input.context.stdout(stoppedEvent(id, table.snapshot(), facts));
  return clean ? EXIT.ok : EXIT.error;
}
