import { networkInterfaces } from 'node:os';
import { valueOf } from '../config/environment.js';
import { ChaosError, asChaosError } from '../errors/index.js';
import { EXIT, type CliContext } from '../core/context.js';
import { createLineLogger } from '../log/line-logger.js';
import type { Logger } from '../log/types.js';
import { readNamespaceFacts, type NamespaceFacts } from '../netfilter/namespace.js';
import { isClean, removeEverywhere, removedCount } from '../netfilter/remove.js';
import { installedToolsets, execProgram, type ExecProgram } from '../netfilter/tools.js';
import { Netfilter } from '../netfilter/netfilter.js';
import { zeroCounters } from './counters.js';
import { stoppedEvent } from './events.js';
import { parseProxyOptions, PROXY_USAGE, type ProxyOptions } from './options.js';
import { placeRedirect } from './preflight.js';
import { serveWith } from './mechanism.js';
import type { Interfaces } from './destroy/addresses.js';

/** What the proxy takes from the outside world besides the CLI context. */
export interface ProxyDeps {
  readonly now: () => number;
  readonly random: () => number;
  readonly run: ExecProgram;
  readonly readFacts: () => Promise<NamespaceFacts>;
  /** The namespace's interfaces and their addresses (the destroy mechanism's filter). */
  readonly interfaces: Interfaces;
}

const realDeps: ProxyDeps = {
  now: () => Date.now(),
  random: Math.random,
  run: execProgram,
  readFacts: () => readNamespaceFacts(),
  interfaces: networkInterfaces,
};

export function proxyLogger(context: CliContext): Logger {
  return createLineLogger({ level: 'info', format: 'text', sink: context.stderr }, 'proxy-config');
}

/** `ecs-http-chaos proxy`: the fault in the current network namespace (docs/design.md "The fault"). */
export async function proxyCommand(
  context: CliContext,
  deps: ProxyDeps = realDeps,
): Promise<number> {
  const log = proxyLogger(context);
  const parsed = parseProxyOptions(context.args);
  if (!parsed.ok) {
    for (const error of parsed.errors) log.error(error);
    log.error(PROXY_USAGE);
    return EXIT.invalid;
  }
  const options = parsed.value;
  const deadlineMs =
    options.deadline.kind === 'until'
      ? options.deadline.epochMs
      : deps.now() + options.deadline.seconds * 1000;
  try {
    if (deadlineMs <= deps.now()) return await cleanupOnly(context, options, deps, log);
    const statsEveryMs = statsInterval(context);
    const placement = await placeRedirect(
      options.interface,
      await deps.readFacts(),
      valueOf(context.env, 'PATH'),
      deps.run,
    );
    log.info(`using ${placement.netfilter.backend} iptables: ${placement.backendWhy}`);
    if (options.resetTimeoutMs >= deadlineMs - deps.now()) {
      log.warn(
        `only ${deadlineMs - deps.now()} ms of the window are left: no connection can be reset before the deadline`,
      );
    }
    if (!placement.families.includes('ipv6')) {
      log.warn(
        `interface ${placement.interfaceName} has IPv6 disabled: IPv6 clients are not affected`,
      );
    }
    return await serveWith({ context, deps, options, placement, deadlineMs, statsEveryMs, log });
  } catch (error) {
    const chaos = asChaosError(error, 'proxy-config');
    log.forPhase(chaos.phase).error(chaos.message);
    return chaos.code === 'CONFIG_INVALID' ? EXIT.invalid : EXIT.error;
  }
}

/** Started after its deadline (a restart, a late command): remove what the id left, serve nothing. */
async function cleanupOnly(
  context: CliContext,
  options: ProxyOptions,
  deps: ProxyDeps,
  log: Logger,
): Promise<number> {
  const remove = log.forPhase('proxy-remove');
  remove.warn(
    `the deadline has passed: not serving, only removing what chaos id ${options.id} left here`,
  );
  const netfilters = installedToolsets(valueOf(context.env, 'PATH')).map(
    (t) => new Netfilter(t, deps.run),
  );
  const reports = await removeEverywhere(netfilters, { chaosId: options.id }, 'everything');
  const removed = removedCount(reports);
  for (const failure of reports.flatMap((r) => r.failures)) remove.error(failure);
  const clean = isClean(reports);
  context.stdout(
    stoppedEvent(options.id, zeroCounters(), {
      reason: 'deadline-passed',
      closedAfterDrain: 0,
      clean,
      removed,
    }),
  );
  return clean ? EXIT.ok : EXIT.error;
}

const DEFAULT_STATS_INTERVAL_S = 10;

/** ECS_HTTP_CHAOS_STATS_INTERVAL_S: seconds between `stats` lines (default 10). */
function statsInterval(context: CliContext): number {
  const value = valueOf(context.env, 'ECS_HTTP_CHAOS_STATS_INTERVAL_S');
  if (value === undefined) return DEFAULT_STATS_INTERVAL_S * 1000;
  const seconds = /^\d{1,4}$/.test(value) ? Number(value) : 0;
  if (seconds < 1 || seconds > 3600) {
    throw new ChaosError({
      code: 'CONFIG_INVALID',
      phase: 'proxy-config',
      target: 'ECS_HTTP_CHAOS_STATS_INTERVAL_S',
      reason: `ECS_HTTP_CHAOS_STATS_INTERVAL_S '${value}' must be a whole number of seconds from 1 to 3600`,
      fix: 'unset it for the default of 10, or set e.g. ECS_HTTP_CHAOS_STATS_INTERVAL_S=30',
    });
  }
  return seconds * 1000;
}
