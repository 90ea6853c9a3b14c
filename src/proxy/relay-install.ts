import { ChaosError } from '../errors/index.js';
import type { Logger } from '../log/logger.js';
import { installRedirect } from '../netfilter/install.js';
import {
  isClean,
  removeEverywhere,
  type RemovalReport,
  removedCount,
} from '../netfilter/remove.js';
import { messageOf } from '../core/message.js';
import type { CloseSweeper } from './close-sweeper.js';
import { Lease } from './lease.js';
import { forgetRedirected } from './relay-sweeper.js';
import type { ServeInput } from './serve.js';

/** Stale artefacts of an earlier run with this id are replaced, never duplicated. */
export async function install(
  input: ServeInput,
  log: Logger,
  sweeper: CloseSweeper | undefined,
): Promise<Lease> {
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
  // An earlier incarnation that died (a crash docker restarts) left its rules, and entries
  // redirected to the port it no longer serves; a first start has neither to delete.
  if (staleCount > 0) await forgetRedirected(sweeper, log, 'left by an earlier incarnation');
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
