import { valueOf } from '../config/environment.js';
import type { Logger } from '../log/logger.js';
import { findExecutable } from '../netfilter/tools.js';
import { CloseSweeper } from './close-sweeper.js';
import type { SweepFigures } from './events.js';
import type { ServeInput } from './serve.js';

/**
 * The relay's sweeper: the conntrack entries of connections to the target port whose
 * REDIRECT leads to the proxy's port, which would send a client reusing their 4-tuple to
 * a port nobody listens on once the proxy is gone (docs/decisions/0130). Undefined
 * without conntrack: the relay still runs, and says what that leaves.
 */
export function relaySweeper(input: ServeInput, log: Logger): CloseSweeper | undefined {
  const conntrack = findExecutable('conntrack', valueOf(input.context.env, 'PATH'));
  if (conntrack === undefined) {
    log.warn(
      'conntrack not found on PATH: a client that reuses the address and port of a connection the relay reset can be refused for up to 10 s after the proxy ends',
    );
    return undefined;
  }
  // Both ports: a flow of the task's own to some remote port equal to ours is not one.
  const { targetPort, proxyPort } = input.options;
  const filter = ['--dport', String(targetPort), '--reply-port-src', String(proxyPort)];
  return new CloseSweeper(conntrack, filter, input.deps.run);
}

/** Deletes them all once nothing is proxied any more; a failure is logged, never thrown. */
export async function forgetRedirected(
  sweeper: CloseSweeper | undefined,
  log: Logger,
  when: string,
): Promise<boolean> {
  if (sweeper === undefined) return false;
  const done = await sweeper.forgetAll();
  if (!done)
    log.warn(
      `deleting the conntrack entries redirected to the proxy port ${when} failed: a client reusing one of their 4-tuples within 10 s can be refused`,
    );
  return done;
}

export function sweepFigures(sweeper: CloseSweeper, forgotAtEnd: boolean): SweepFigures {
  return { sweeps: sweeper.sweeps, failures: sweeper.failures, forgotAtEnd };
}
