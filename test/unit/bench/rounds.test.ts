import { describe, expect, it } from '@jest/globals';
import type { ContenderResult } from '../../../bench/measure.js';
import { combinePrecision, combineRounds, median, rotate } from '../../../bench/rounds.js';

function result(overrides: Partial<ContenderResult>): ContenderResult {
  return {
    name: 'ours',
    resetMs: 100,
    process: null,
    keepAlive: null,
    perRequest: null,
    bulkGbps: null,
    rssIdleMiB: null,
    rssPeakMiB: null,
    rssPeakAnonMiB: null,
    cpuPercentKeepAlive: null,
    cpuPercentPerRequest: null,
    startupMs: [],
    errors: [],
    ...overrides,
  };
}

const http = (requestsPerSec: number, p99Ms: number) => ({
  requestsPerSec,
  p50Ms: 1,
  p99Ms,
  requests: requestsPerSec * 2,
  socketErrors: 0,
  non2xx: 0,
});

describe('rounds', () => {
  it('rotates so that every contender leads one round', () => {
    expect([0, 1, 2, 3].map((by) => rotate(['a', 'b', 'c'], by).join(''))).toEqual([
      'abc',
      'bca',
      'cab',
      'abc',
    ]);
    expect(rotate([], 2)).toEqual([]);
  });

  it('takes the median of what was measured, ignoring failed rounds', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, null, 1])).toBe(2.5);
    expect(median([null, undefined, Number.NaN])).toBeNull();
  });

  it('folds rounds into one row: the best load round with its CPU, the highest peak, numbered errors', () => {
    const combined = combineRounds([
      result({
        keepAlive: http(30_000, 5),
        bulkGbps: 8,
        cpuPercentKeepAlive: 40,
        rssPeakMiB: 120,
        startupMs: [110],
        process: 'node',
      }),
      result({
        keepAlive: http(10_000, 90),
        bulkGbps: 9.5,
        cpuPercentKeepAlive: 60,
        rssPeakMiB: 131,
        startupMs: [150],
      }),
      result({ keepAlive: null, rssPeakMiB: 99, errors: ['keep-alive: wrk exited 1'] }),
    ]);
    expect(combined.keepAlive).toEqual(http(30_000, 5));
    expect(combined.bulkGbps).toBe(9.5);
    expect(combined.cpuPercentKeepAlive).toBe(40);
    expect(combined.perRequest).toBeNull();
    expect(combined.rssPeakMiB).toBe(131);
    expect(combined.process).toBe('node');
    expect(combined.startupMs).toEqual([110, 150]);
    expect(combined.errors).toEqual(['round 3: keep-alive: wrk exited 1']);
    expect(combined.rounds).toHaveLength(3);
  });
});

describe('precision rounds', () => {
  const summary = (p50: number, max: number) => ({ n: 100, p50, p99: max, max, min: 0 });
  const burst = (contender: string, count: number, p50: number | null, max: number) => ({
    contender,
    burst: count,
    resetMs: 1000,
    flows: count,
    withSynAck: count,
    withRst: count,
    droppedByKernel: 0,
    clientOutcomes: {},
    fromSynAckMs: p50 === null ? null : summary(p50, max),
    fromFirstDataMs: null,
    errors: p50 === null ? ['burst failed'] : [],
  });

  it('keeps per contender and burst the least late round, and the worst tail of all', () => {
    const combined = combinePrecision([
      burst('ours', 100, 30, 40),
      burst('toxiproxy', 100, 10, 15),
      burst('ours', 100, 12, 200),
      burst('ours', 100, null, 0),
    ]);
    expect(combined.map((c) => [c.contender, c.burst, c.fromSynAckMs?.p50, c.worstMaxMs])).toEqual([
      ['ours', 100, 12, 200],
      ['toxiproxy', 100, 10, 15],
    ]);
    expect(combined[0]?.rounds).toHaveLength(3);
    expect(combined[0]?.errors).toEqual(['round 3: burst failed']);
  });

  it('prefers a round that reset the whole burst over a less late one that lost flows', () => {
    const partial = { ...burst('relay', 100, 20, 30), withRst: 57 };
    const combined = combinePrecision([partial, burst('relay', 100, 50, 60)]);
    expect(combined[0]?.fromSynAckMs?.p50).toBe(50);
    expect(combined[0]?.worstMaxMs).toBe(60);
    // With no complete round, the least late one still stands.
    expect(combinePrecision([partial])[0]?.fromSynAckMs?.p50).toBe(20);
  });
});
