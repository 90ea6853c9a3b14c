import { valueOf } from '../../config/environment.js';
import { ChaosError } from '../../errors/index.js';
import { isClean, removeEverywhere, removedCount } from '../../netfilter/remove.js';
import { keeperRule } from '../../netfilter/rules.js';
import { findExecutable } from '../../netfilter/tools.js';
import type { ServeInput } from '../serve.js';
import { faultAddresses, type FaultAddresses } from './addresses.js';
import { ConntrackStream } from './conntrack.js';
import { FifoRing } from './fifos.js';
import { SocketKiller } from './killer.js';
import { probeDestroy } from './probe.js';
import { spawner } from './spawn.js';
import type { DestroyTable } from './table.js';
import type { NewEvent } from './tuples.js';
import { messageOf } from '../../core/message.js';

/** Where the stream's events go: the check while it runs, then the window's schedule. */
export interface Route {
  probe: ((event: NewEvent) => void) | undefined;
  table: DestroyTable | undefined;
  /** Set when conntrack ended by itself: the schedule learns nothing more. */
  streamEnded: string | undefined;
  /** Called when conntrack lost events: the window's catch-up (see serve.ts). */
  lost: (() => void) | undefined;
}

export interface Prepared {
  readonly ss: string;
  readonly conntrack: string;
  readonly killer: SocketKiller;
  readonly stream: ConntrackStream;
  readonly route: Route;
  readonly why: string;
  readonly addresses: FaultAddresses;
}

export type Preparation =
  { readonly ok: true; readonly prepared: Prepared } | { readonly ok: false; readonly why: string };

/**
 * Installs what the destroy mechanism needs (only the tagged conntrack keeper: conntrack
 * must run in the namespace for NEW events to exist), starts conntrack and the standby
 * `ss`, and checks on a connection of its own that both work. On failure everything is
 * taken back, and the caller falls back to the relay (docs/decisions/0131).
 */
export async function prepareDestroy(input: ServeInput): Promise<Preparation> {
  const path = valueOf(input.context.env, 'PATH');
  const ss = findExecutable('ss', path);
  const conntrack = findExecutable('conntrack', path);
  if (ss === undefined || conntrack === undefined) {
    const missing = [
      ss === undefined ? 'ss (iproute2)' : '',
      conntrack === undefined ? 'conntrack' : '',
    ];
    return { ok: false, why: `${missing.filter((m) => m !== '').join(' and ')} not found on PATH` };
  }
  const interfaceName = input.placement.interfaceName;
  const addresses = await faultAddresses(input.deps.interfaces, interfaceName, sleep);
  if (addresses === undefined)
    return { ok: false, why: `interface ${interfaceName} shows no address (is it up?)` };
  await installKeeper(input);
  const spawn = spawner(findExecutable('setpriv', path));
  const mkfifo = findExecutable('mkfifo', path);
  const fifos = mkfifo === undefined ? undefined : await FifoRing.create(mkfifo, input.deps.run, 8);
  const killer = new SocketKiller(ss, spawn, fifos);
  const route: Route = {
    probe: undefined,
    table: undefined,
    streamEnded: undefined,
    lost: undefined,
  };
  const log = input.log.forPhase('proxy-serve');
  const stream = new ConntrackStream(conntrack, spawn, {
    onEvent: (event) => {
      route.probe?.(event);
      route.table?.learn(event);
    },
    onLost: () => {
      route.lost?.();
    },
    onExit: (reason) => {
      route.streamEnded = reason;
      log.error(`${reason}: new connections are no longer learned, so none is reset`);
    },
  });
  killer.start();
  stream.start();
  const probe = await probeDestroy({
    kill: (tuples) => killer.destroy(tuples),
    watch: (handler) => {
      route.probe = handler;
    },
    now: input.deps.now,
  });
  if (probe.ok)
    return {
      ok: true,
      prepared: { ss, conntrack, killer, stream, route, why: probe.why, addresses },
    };
  await Promise.all([stream.stop(), killer.close()]);
  await removeOurs(input);
  return { ok: false, why: probe.why };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Stale artefacts of this id go first (a restart), then one keeper per family. */
async function installKeeper(input: ServeInput): Promise<void> {
  const { placement, options } = input;
  const stale = await removeOurs(input);
  if (stale > 0) {
    input.log
      .forPhase('proxy-install')
      .warn(`removed ${stale} stale rules/chains left by an earlier run of chaos id ${options.id}`);
  }
  try {
    for (const family of placement.families) {
      await placement.netfilter.apply(family, keeperRule(options.id));
    }
  } catch (error) {
    await removeOurs(input);
    throw new ChaosError({
      code: 'PROXY_ERROR',
      phase: 'proxy-install',
      reason: `installing the conntrack keeper failed: ${messageOf(error)}`,
      fix: 'check that the container has NET_ADMIN and that iptables works in this namespace, then run `ecs-http-chaos cleanup --id <id>`',
      cause: error,
    });
  }
}

/** Removes everything tagged with the id; throws when something stays. */
export async function removeOurs(input: ServeInput): Promise<number> {
  const reports = await removeEverywhere(
    input.placement.all,
    { chaosId: input.options.id },
    'everything',
  );
  if (!isClean(reports)) {
    const left = reports.flatMap((r) => [...r.failures, ...r.remaining]).join(' | ');
    throw new ChaosError({
      code: 'PROXY_ERROR',
      phase: 'proxy-install',
      reason: `rules of chaos id ${input.options.id} could not be removed: ${left}`,
      fix: `run \`ecs-http-chaos cleanup --id ${input.options.id}\` in the namespace`,
    });
  }
  return removedCount(reports);
}
