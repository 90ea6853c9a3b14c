import { EXIT } from '../../core/context.js';
import { isClean, removeEverywhere, removedCount } from '../../netfilter/remove.js';
import { waitForWindowEnd } from '../deadline.js';
import { readyEvent, statsEvent, stoppedEvent } from '../events.js';
import type { ServeInput } from '../serve.js';
import { SOCKET_STATES } from './killer.js';
import type { Prepared } from './prepare.js';
import { CloseSweeper } from '../close-sweeper.js';
import { DestroyTable } from './table.js';
import { parseSocketLine, tupleKey, type Tuple } from './tuples.js';
import { messageOf } from '../../core/message.js';

/** Connections open on the port right now (ss without -K: it only lists). */
async function openConnections(input: ServeInput, ss: string): Promise<Tuple[]> {
  const port = input.options.targetPort;
  const result = await input.deps.run(ss, [
    '-t',
    '-n',
    '-H',
    ...SOCKET_STATES,
    `( sport = :${port} )`,
  ]);
  if (result.code !== 0)
    throw new Error(`${ss} failed listing the open connections: ${result.stderr}`);
  return result.stdout
    .split('\n')
    .map(parseSocketLine)
    .filter((tuple) => tuple !== undefined);
}

/** Conntrack lost events: list what is open and let the schedule catch up, one at a time. */
function catchUpOnLoss(input: ServeInput, prepared: Prepared, table: DestroyTable): () => void {
  const state = { running: false, again: false };
  const log = input.log.forPhase('proxy-serve');
  const run = async (): Promise<void> => {
    state.running = true;
    try {
      for (let pass = 0; pass === 0 || state.again; pass += 1) {
        state.again = false;
        table.catchUp(await openConnections(input, prepared.ss));
      }
    } catch (error) {
      log.warn(`catching up after lost conntrack events failed: ${String(error)}`);
    } finally {
      state.running = false;
    }
  };
  return () => {
    if (state.running) state.again = true;
    else void run();
  };
}

/**
 * The window with the destroy mechanism (docs/decisions/0131): nothing is redirected and
 * nothing sits in the data path; new connections are learned from conntrack and destroyed
 * on time. Its end: no destroy after the deadline, helpers stopped, the keeper removed.
 */
export async function serveDestroy(input: ServeInput, prepared: Prepared): Promise<number> {
  const { deps, options, deadlineMs } = input;
  const log = input.log.forPhase('proxy-serve');
  const sweeper = new CloseSweeper(
    prepared.conntrack,
    ['--dport', String(options.targetPort)],
    deps.run,
  );
  const table = new DestroyTable(
    {
      targetPort: options.targetPort,
      resetTimeoutMs: options.resetTimeoutMs,
      toxicity: options.toxicity,
      random: deps.random,
      now: deps.now,
      deadlineMs,
      interfaceAddresses: prepared.addresses.onInterface,
      ownAddresses: prepared.addresses.own,
    },
    async (tuples) => {
      const result = await prepared.killer.destroy(tuples);
      if (result.killed.size > 0) sweeper.request();
      return result;
    },
  );
  prepared.route.table = table;
  prepared.route.lost = catchUpOnLoss(input, prepared, table);
  let reason: string;
  try {
    reason = await runWindow(input, prepared, table);
  } catch (error) {
    log.error(`the window failed: ${messageOf(error)}`);
    reason = 'error';
  } finally {
    await table.disarm();
    await Promise.all([prepared.stream.stop(), prepared.killer.close(), sweeper.settle()]);
  }
  return report(input, { ...prepared, sweeper }, table, reason);
}

async function runWindow(
  input: ServeInput,
  prepared: Prepared,
  table: DestroyTable,
): Promise<string> {
  const { context, deps, options, placement, deadlineMs } = input;
  const log = input.log.forPhase('proxy-serve');
  table.open(new Set((await openConnections(input, prepared.ss)).map(tupleKey)));
  const facts = {
    backend: placement.netfilter.backend,
    interfaceName: placement.interfaceName,
    families: placement.families,
    deadlineMs,
    mechanism: 'destroy' as const,
    mechanismWhy: prepared.why,
    preExisting: table.figures.preExisting,
  };
  context.stdout(readyEvent(options, facts));
  log.info(
    `serving (destroy): new connections to ${placement.interfaceName}:${options.targetPort} destroyed ${options.resetTimeoutMs} ms after their SYN, toxicity ${options.toxicity}%, ${table.figures.preExisting} open connections left alone, until ${new Date(deadlineMs).toISOString()}`,
  );
  const stats = setInterval(() => {
    const snapshot = { ...table.counters, preExisting: table.figures.preExisting };
    context.stdout(statsEvent(options.id, deps.now(), snapshot));
  }, input.statsEveryMs);
  try {
    return await waitForWindowEnd(deadlineMs, deps.now, context.signal);
  } finally {
    clearInterval(stats);
  }
}

async function report(
  input: ServeInput,
  prepared: Prepared & { readonly sweeper: CloseSweeper },
  table: DestroyTable,
  reason: string,
): Promise<number> {
  const { id } = input.options;
  const log = input.log.forPhase('proxy-remove');
  const reports = await removeEverywhere(input.placement.all, { chaosId: id }, 'everything');
  const removed = removedCount(reports);
  const clean = isClean(reports);
  for (const failure of reports.flatMap((r) => r.failures)) log.error(failure);
  if (clean) log.info(`removed ${removed} rules of chaos id ${id}; nothing of it is left`);
  else
    log.error(
      `left behind: ${reports.flatMap((r) => r.remaining).join(' | ')}; run \`ecs-http-chaos cleanup --id ${id}\``,
    );
  if (table.lastKillError !== undefined)
    log.warn(`the last failed ss run said: ${table.lastKillError}`);
  const { preExisting, ...figures } = table.figures;
  const destroy = {
    ...figures,
    eventsLostReports: prepared.stream.lostReports,
    closeSweeps: prepared.sweeper.sweeps,
    closeSweepFailures: prepared.sweeper.failures,
    ...(prepared.route.streamEnded === undefined
      ? {}
      : { streamEnded: prepared.route.streamEnded }),
  };
  const facts = {
    reason,
    closedAfterDrain: 0,
    clean,
    removed,
    mechanism: 'destroy' as const,
    mechanismWhy: prepared.why,
    preExisting,
    destroy,
  };
  input.context.stdout(stoppedEvent(id, table.counters, facts));
  return clean && reason !== 'error' ? EXIT.ok : EXIT.error;
}
