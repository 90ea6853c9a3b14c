import { batchedListing } from '../dispatch/batched-listing.js';
import { CallPace, ssmPace } from '../dispatch/pace.js';
import { pacedSsm } from '../dispatch/paced-ssm.js';
import type { Clock } from '../core/clock.js';
import type { AwsCallScope, AwsSession } from './deps.js';

/**
 * The session every phase uses: SSM calls paced to the run's own budget and many small
 * commands followed in one listing (ADR 0192). One pace per run, so inject, revert and the
 * window's status rounds share it. A call waiting for its slot is bound to the same signal
 * as the call itself (ADR 0151).
 */
export function followedAtScale(
  session: AwsSession,
  clock: Clock,
  scope: AwsCallScope,
  callsPerSecond: number,
): AwsSession {
  const pace = new CallPace(clock, ssmPace(callsPerSecond));
  const ssm = batchedListing(pacedSsm(session.ssm, pace, scope), clock);
  return {
    ecs: session.ecs,
    ssm,
    identity: session.identity,
    source: session.source,
    close: () => {
      session.close();
    },
  };
}
