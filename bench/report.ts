import type { HttpFigures } from './load.js';
import type { ContenderResult } from './measure.js';
import type { ConcurrentResult } from './concurrent.js';
import type { CombinedPrecision } from './rounds.js';
import type { Summary } from './stats.js';
import { cell, formatTable, share } from './table.js';

export interface Results {
  readonly startedAt: string;
  finishedAt: string;
  readonly machine: Record<string, string | number>;
  readonly settings: Record<string, number | string>;
  readonly contenders: ContenderResult[];
  /** Per mechanism of ours. */
  readonly startup: Record<string, { samplesMs: number[]; summary: Summary | null }>;
  readonly concurrent: ConcurrentResult[];
  readonly precision: CombinedPrecision[];
  /** Why the run stopped before the end, if it did. */
  aborted: string | null;
  leftovers: string[];
}

function rate(figures: HttpFigures | null, base: HttpFigures | null | undefined): string {
  if (figures === null) return cell(null);
  return cell(figures.requestsPerSec) + share(figures.requestsPerSec, base?.requestsPerSec);
}

function latencies(figures: HttpFigures | null): string[] {
  return figures === null
    ? [cell(null), cell(null)]
    : [cell(figures.p50Ms, 2), cell(figures.p99Ms, 2)];
}

function loadRow(c: ContenderResult, base: ContenderResult | undefined): string[] {
  const errors = (f: HttpFigures | null) => cell(f?.socketErrors);
  return [
    c.name,
    rate(c.keepAlive, base?.keepAlive),
    ...latencies(c.keepAlive),
    rate(c.perRequest, base?.perRequest),
    ...latencies(c.perRequest),
    cell(c.bulkGbps, 2) + share(c.bulkGbps, base?.bulkGbps),
    `${errors(c.keepAlive)}/${errors(c.perRequest)}`,
  ];
}

function loadTable(results: Results): string {
  const base = results.contenders[0];
  const rows = results.contenders.map((c) => loadRow(c, base));
  const { connections, durationS, rounds } = results.settings;
  return formatTable(
    `HTTP (wrk -t1 -c${String(connections)}) and bulk (iperf3), ${String(durationS)} s each, best of ${String(rounds)} rounds; app and relay on CPU 0, load on CPU 1`,
    [
      'contender',
      'keep-alive req/s',
      'p50 ms',
      'p99 ms',
      'conn/request req/s',
      'p50 ms',
      'p99 ms',
      'bulk Gbit/s',
      'socket errors',
    ],
    rows,
  );
}

function resourceTable(results: Results): string {
  const rows = results.contenders
    .filter((c) => c.process !== null)
    .map((c) => [
      c.name,
      c.process ?? '?',
      cell(c.rssIdleMiB, 1),
      cell(c.rssPeakMiB, 1),
      cell(c.rssPeakAnonMiB, 1),
      cell(c.cpuPercentKeepAlive),
      cell(c.cpuPercentPerRequest),
    ]);
  return formatTable(
    'Process tree (the relay or proxy and its helpers): resident memory (idle: median, peak: highest of all rounds) and CPU (percent of one CPU, in the best round, reaped children included)',
    [
      'contender',
      'process',
      'RSS idle MiB',
      'RSS peak MiB',
      'of which anon',
      'CPU % keep-alive',
      'CPU % conn/request',
    ],
    rows,
  );
}

function startupLine(results: Results): string {
  const lines = Object.entries(results.startup).map(([mechanism, { summary: s }]) =>
    s === null
      ? `  ${mechanism}: not measured`
      : `  ${mechanism}: p50 ${s.p50} ms, max ${s.max} ms, min ${s.min} ms over ${s.n} starts`,
  );
  return [
    'Start-up of `ecs-http-chaos proxy` to ready (spawn -> {"event":"ready"}; relay: rules installed; destroy: keeper installed and the capability check passed):',
    ...lines,
  ].join('\n');
}

function concurrentTable(results: Results): string {
  const rows = results.concurrent.map((c) => [
    c.contender,
    `${c.held}/${c.count}`,
    cell(c.peakRssMiB, 1),
    cell(c.peakAnonMiB, 1),
  ]);
  return formatTable(
    'Many connections held at once for 8 s: peak resident memory of the process and its helpers (destroy: Node + conntrack + standby ss)',
    ['contender', 'open at the end/opened', 'peak RSS MiB', 'of which anonymous MiB'],
    rows,
  );
}

const spread = (s: Summary | null) =>
  s === null ? '–' : `${cell(s.p50, 1)} / ${cell(s.p99, 1)} / ${cell(s.max, 1)}`;

function precisionTable(results: Results): string {
  const rows = results.precision.map((p) => [
    p.contender,
    String(p.burst),
    `${p.withSynAck}/${p.withRst}`,
    cell(p.droppedByKernel),
    spread(p.fromSynAckMs),
    spread(p.fromFirstDataMs),
    cell(p.worstMaxMs, 1),
  ]);
  const reset = results.precision[0]?.resetMs ?? 0;
  const { rounds } = results.settings;
  return formatTable(
    `Reset precision on the wire (RESET_TIMEOUT ${reset} ms; error = t_RST - t_SYNACK - ${reset} ms; best of ${String(rounds)} rounds by p50)`,
    [
      'contender',
      'burst',
      'flows SYN-ACK/RST',
      'pcap drops',
      'error p50/p99/max ms',
      'from 1st byte p50/p99/max ms',
      'worst max ms',
    ],
    rows,
  );
}

export function render(results: Results): string {
  const problems = [
    ...results.contenders.flatMap((c) => c.errors.map((e) => `${c.name}: ${e}`)),
    ...results.precision.flatMap((p) =>
      p.errors.map((e) => `${p.contender} burst ${p.burst}: ${e}`),
    ),
    ...(results.aborted === null ? [] : [`aborted: ${results.aborted}`]),
    ...results.concurrent.flatMap((c) => c.errors.map((e) => `${c.contender} concurrent: ${e}`)),
    ...results.leftovers.map((l) => `left behind: ${l}`),
  ];
  return [
    loadTable(results),
    '(%) = share of direct. socket errors = wrk connect+read+write+timeout errors, keep-alive/conn-per-request;',
    "a reset is a read error. toxiproxy's reset_peer holds back what it receives until it resets: nothing completes.",
    '',
    resourceTable(results),
    '',
    startupLine(results),
    '',
    concurrentTable(results),
    '',
    precisionTable(results),
    '',
    problems.length === 0 ? 'problems: none' : `problems:\n  ${problems.join('\n  ')}`,
    '',
  ].join('\n');
}

export function problemCount(results: Results): number {
  return (
    results.contenders.reduce((n, c) => n + c.errors.length, 0) +
    results.precision.reduce((n, p) => n + p.errors.length, 0) +
    results.concurrent.reduce((n, c) => n + c.errors.length, 0) +
    results.leftovers.length +
    (results.aborted === null ? 0 : 1)
  );
}
