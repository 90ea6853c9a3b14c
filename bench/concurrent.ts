import { fixture, HTTP_PORT } from './apps.js';
import { CLIENT_CPU, type Lab } from './lab.js';
import { attempt } from './measure.js';
import type { Contender } from './relay.js';
import { Sampler } from './sampler.js';
import { round } from './stats.js';

/**
 * Peak memory while holding many connections at once (the target: under 40 MiB at 10k):
 * COUNT clients connect together, send one byte, and stay open for HOLD_MS while the
 * contender's process tree is sampled.
 */

export interface ConcurrentResult {
  readonly contender: string;
  readonly count: number;
  /** Connections still open when the hold ended (the client's own count). */
  held: number;
  peakRssMiB: number | null;
  peakAnonMiB: number | null;
  readonly errors: string[];
}

const HOLD_MS = 8000;
async function hold(lab: Lab, count: number): Promise<number> {
  const config = { host: lab.serverIp, port: HTTP_PORT, count, holdMs: HOLD_MS };
  const client = lab.spawn(
    lab.clientNs,
    CLIENT_CPU,
    fixture('burst-client', [JSON.stringify(config)]),
  );
  const line = await client.waitForLine((l) => l.includes('"done"'), HOLD_MS + 30_000);
  await client.exitWithin(10_000);
  return (JSON.parse(line) as { timedOut: number }).timedOut;
}

export async function measureConcurrent(
  lab: Lab,
  contender: Contender,
  count: number,
): Promise<ConcurrentResult> {
  const result: ConcurrentResult = {
    contender: contender.name,
    count,
    held: 0,
    peakRssMiB: null,
    peakAnonMiB: null,
    errors: [],
  };
  await attempt(result.errors, 'conntrack flush', () => lab.freshConntrack());
  const relay = await attempt(result.errors, 'start', () => contender.start(lab, HTTP_PORT));
  if (relay === null || relay.pid === undefined) return result;
  try {
    const sampler = new Sampler(relay.pid);
    const held = await attempt(result.errors, `hold ${count}`, () => hold(lab, count));
    const usage = sampler.stop();
    result.held = held ?? 0;
    if (held !== null && held < count) {
      result.errors.push(`only ${held} of ${count} connections were open at the end of the hold`);
    }
    if (usage !== undefined) {
      result.peakRssMiB = round(usage.peakRssKiB / 1024, 1);
      result.peakAnonMiB = round(usage.peakAnonKiB / 1024, 1);
    }
  } finally {
    await attempt(result.errors, 'stop', () => relay.stop());
  }
  return result;
}
