import type { HttpFigures } from './load.js';
import type { ContenderResult } from './measure.js';
import type { PrecisionResult } from './precision.js';
import { round } from './stats.js';

/**
 * Several short rounds, each contender once per round in a rotating order. Other work on
 * the machine only ever takes throughput away, so a load figure is the best round's
 * (highest req/s, with that round's latencies; highest Gbit/s): the least disturbed
 * measurement; its CPU share comes from the same round. Idle RSS is the median, peak RSS
 * the highest; every round stays in the JSON.
 */

/** The list rotated left by `by`, so each round starts with a different contender. */
export function rotate<T>(items: readonly T[], by: number): T[] {
  if (items.length === 0) return [];
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Median of the values that were measured; null when none was. */
export function median(values: readonly (number | null | undefined)[]): number | null {
  const present = values.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
  if (present.length === 0) return null;
  const sorted = [...present].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1
      ? (sorted[middle] ?? 0)
      : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return round(value, 3);
}

/** The round with the highest rate for one load, or undefined when none measured it. */
export function bestRound(
  rounds: readonly ContenderResult[],
  load: (round: ContenderResult) => HttpFigures | null,
): ContenderResult | undefined {
  let best: ContenderResult | undefined;
  for (const round of rounds) {
    const rate = load(round)?.requestsPerSec;
    if (rate !== undefined && (best === undefined || rate > (load(best)?.requestsPerSec ?? 0))) {
      best = round;
    }
  }
  return best;
}

function highest(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : Math.max(...present);
}

export interface CombinedResult extends ContenderResult {
  readonly rounds: readonly ContenderResult[];
}

/** One contender's rounds folded into one row; errors keep their round number. */
export function combineRounds(rounds: readonly ContenderResult[]): CombinedResult {
  const first = rounds[0];
  if (first === undefined) throw new Error('combineRounds needs at least one round');
  // When no round measured a load, each has null there: any round stands for them all.
  const keepAlive = bestRound(rounds, (r) => r.keepAlive) ?? first;
  const perRequest = bestRound(rounds, (r) => r.perRequest) ?? first;
  return {
    name: first.name,
    resetMs: first.resetMs,
    process: rounds.find((r) => r.process !== null)?.process ?? null,
    keepAlive: keepAlive.keepAlive,
    perRequest: perRequest.perRequest,
    bulkGbps: highest(rounds.map((r) => r.bulkGbps)),
    rssIdleMiB: median(rounds.map((r) => r.rssIdleMiB)),
    rssPeakMiB: highest(rounds.map((r) => r.rssPeakMiB)),
    rssPeakAnonMiB: highest(rounds.map((r) => r.rssPeakAnonMiB)),
    cpuPercentKeepAlive: keepAlive.cpuPercentKeepAlive,
    cpuPercentPerRequest: perRequest.cpuPercentPerRequest,
    startupMs: rounds.flatMap((r) => r.startupMs),
    errors: rounds.flatMap((r, i) => r.errors.map((e) => `round ${i + 1}: ${e}`)),
    rounds,
  };
}

export interface CombinedPrecision extends PrecisionResult {
  /** The latest reset of any round: a disturbed round's tail stays visible. */
  readonly worstMaxMs: number | null;
  readonly rounds: readonly PrecisionResult[];
}

const lateness = (p: PrecisionResult) => p.fromSynAckMs?.p50 ?? Number.POSITIVE_INFINITY;
/** Every connection of the burst answered and reset: the round measured the whole burst. */
const complete = (p: PrecisionResult) => p.withSynAck === p.burst && p.withRst === p.burst;

/**
 * Per contender and burst size, among the complete rounds (if any), the one with the
 * lowest median lateness: a round that lost flows must not win by having fewer of them.
 */
export function combinePrecision(rounds: readonly PrecisionResult[]): CombinedPrecision[] {
  const groups = new Map<string, PrecisionResult[]>();
  for (const round of rounds) {
    const key = `${round.contender}\u0000${round.burst}`;
    groups.set(key, [...(groups.get(key) ?? []), round]);
  }
  return [...groups.values()].map((group) => {
    const candidates = group.some(complete) ? group.filter(complete) : group;
    const best = candidates.reduce((a, b) => (lateness(b) < lateness(a) ? b : a));
    return {
      ...best,
      errors: group.flatMap((r, i) => r.errors.map((e) => `round ${i + 1}: ${e}`)),
      worstMaxMs: highest(group.map((r) => r.fromSynAckMs?.max ?? null)),
      rounds: group,
    };
  });
}
