import { HTTP_PORT } from './apps.js';
import type { Lab } from './lab.js';
import { NEVER_FIRES_MS, startOurs, type Mechanism } from './ours.js';
import { relayPortFor } from './relay.js';
import { round } from './stats.js';

/**
 * `ecs-http-chaos proxy` from spawn to its `ready` line: Node start, flag checks, the
 * namespace probe, listening, and the iptables install (chain, keeper, jump).
 */
export async function measureStartups(
  lab: Lab,
  count: number,
  mechanism: Mechanism,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const relay = await startOurs(lab, HTTP_PORT, {
      resetMs: NEVER_FIRES_MS,
      proxyPort: relayPortFor(HTTP_PORT),
      mechanism,
    });
    if (relay.startupMs !== undefined) samples.push(round(relay.startupMs, 0));
    await relay.stop();
  }
  return samples;
}
