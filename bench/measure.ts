import { HTTP_PORT, IPERF_PORT } from './apps.js';
import type { Lab } from './lab.js';
import { runIperf, runWrk, type HttpFigures, type HttpLoad } from './load.js';
import type { Contender, Relay } from './relay.js';
import { processName, readProc, Sampler, type LoadUsage } from './sampler.js';
import { round } from './stats.js';
import { sleep } from './wait.js';

/** The load figures of one contender: HTTP keep-alive, connection per request, bulk. */

export interface LoadSettings {
  /** Seconds of each measured wrk/iperf3 run. */
  readonly durationS: number;
  /** Seconds of an unmeasured keep-alive run first (JIT, caches, accept queues). */
  readonly warmupS: number;
  readonly connections: number;
}

export interface ContenderResult {
  readonly name: string;
  readonly resetMs: number | null;
  /** The measured process's name (/proc/PID/comm), proving which process was sampled. */
  process: string | null;
  keepAlive: HttpFigures | null;
  perRequest: HttpFigures | null;
  bulkGbps: number | null;
  rssIdleMiB: number | null;
  rssPeakMiB: number | null;
  /** Anonymous part of the peak (the rest is the binaries' file pages, shared). */
  rssPeakAnonMiB: number | null;
  cpuPercentKeepAlive: number | null;
  cpuPercentPerRequest: number | null;
  readonly startupMs: number[];
  readonly errors: string[];
}

/** Runs `step`; a failure is recorded against the contender and yields null. */
export async function attempt<T>(
  errors: string[],
  label: string,
  step: () => Promise<T>,
): Promise<T | null> {
  try {
    return await step();
  } catch (error) {
    errors.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

const mib = (kib: number) => round(kib / 1024, 1);

async function underLoad(
  relay: Relay,
  load: () => Promise<HttpFigures>,
): Promise<{ figures: HttpFigures; usage: LoadUsage | undefined }> {
  const sampler = relay.pid === undefined ? undefined : new Sampler(relay.pid);
  try {
    const figures = await load();
    return { figures, usage: sampler?.stop() };
  } finally {
    sampler?.stop();
  }
}

function notePeak(result: ContenderResult, usage: LoadUsage | undefined): number | null {
  if (usage === undefined) return null;
  result.rssPeakMiB = Math.max(result.rssPeakMiB ?? 0, mib(usage.peakRssKiB));
  result.rssPeakAnonMiB = Math.max(result.rssPeakAnonMiB ?? 0, mib(usage.peakAnonKiB));
  return round(usage.cpuPercent, 0);
}

async function httpBlock(lab: Lab, relay: Relay, result: ContenderResult, settings: LoadSettings) {
  const url = `http://${lab.serverIp}:${HTTP_PORT}/`;
  const load = (closeEachRequest: boolean, durationS: number): HttpLoad => ({
    url,
    durationS,
    connections: settings.connections,
    closeEachRequest,
  });
  if (relay.pid !== undefined) {
    result.process = processName(relay.pid);
    await sleep(500);
    const idle = readProc(relay.pid);
    result.rssIdleMiB = idle === undefined ? null : mib(idle.rssKiB);
  }
  await attempt(result.errors, 'warm-up', () => runWrk(lab, load(false, settings.warmupS)));
  const keepAlive = await attempt(result.errors, 'keep-alive', () =>
    underLoad(relay, () => runWrk(lab, load(false, settings.durationS))),
  );
  result.keepAlive = keepAlive?.figures ?? null;
  result.cpuPercentKeepAlive = notePeak(result, keepAlive?.usage);
  const perRequest = await attempt(result.errors, 'connection per request', () =>
    underLoad(relay, () => runWrk(lab, load(true, settings.durationS))),
  );
  result.perRequest = perRequest?.figures ?? null;
  result.cpuPercentPerRequest = notePeak(result, perRequest?.usage);
}

/** Starts the relay, runs `body`, and always stops it (a failed stop is recorded). */
async function withRelay(
  target: { lab: Lab; contender: Contender; port: number },
  result: ContenderResult,
  body: (relay: Relay) => Promise<void>,
): Promise<void> {
  const { lab, contender, port } = target;
  await attempt(result.errors, 'conntrack flush', () => lab.freshConntrack());
  const relay = await attempt(result.errors, `start for port ${port}`, () =>
    contender.start(lab, port),
  );
  if (relay === null) return;
  if (relay.startupMs !== undefined) result.startupMs.push(round(relay.startupMs, 0));
  try {
    await body(relay);
  } finally {
    await attempt(result.errors, `stop for port ${port}`, () => relay.stop());
  }
}

export async function measureContender(
  lab: Lab,
  contender: Contender,
  settings: LoadSettings,
): Promise<ContenderResult> {
  const result: ContenderResult = {
    name: contender.name,
    resetMs: contender.resetMs ?? null,
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
  };
  await withRelay({ lab, contender, port: HTTP_PORT }, result, (relay) =>
    httpBlock(lab, relay, result, settings),
  );
  if (!contender.bulk) return result;
  await withRelay({ lab, contender, port: IPERF_PORT }, result, async () => {
    const gbps = await attempt(result.errors, 'bulk', () =>
      runIperf(lab, IPERF_PORT, settings.durationS),
    );
    result.bulkGbps = gbps === null ? null : round(gbps, 2);
  });
  return result;
}
