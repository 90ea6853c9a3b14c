import { CLIENT_CPU, type Lab } from './lab.js';
import { round } from './stats.js';

/** What wrk says about one run. Latencies in ms. */
export interface HttpFigures {
  readonly requestsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  /** wrk's socket errors (connect + read + write + timeout): resets show up as read errors. */
  readonly socketErrors: number;
  readonly non2xx: number;
}

export interface HttpLoad {
  readonly url: string;
  readonly durationS: number;
  readonly connections: number;
  /** `Connection: close`: a new TCP connection per request. */
  readonly closeEachRequest: boolean;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function latencyMs(text: string, percent: number): number {
  const match = new RegExp(`^\\s*${percent}%\\s+([\\d.]+)(us|ms|s|m|h)\\s*$`, 'm').exec(text);
  if (match === null) throw new Error(`wrk output has no ${percent}% latency line`);
  return round(Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN), 3);
}

/** Parses `wrk --latency` output; throws when the figures are not there. */
export function parseWrk(text: string): HttpFigures {
  const rate = /^Requests\/sec:\s+([\d.]+)/m.exec(text);
  const count = /^\s*(\d+) requests in /m.exec(text);
  if (rate === null || count === null) throw new Error(`unexpected wrk output:\n${text}`);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const socketErrors = errors === null ? 0 : errors.slice(1).reduce((sum, n) => sum + Number(n), 0);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(text);
  return {
    requestsPerSec: Number(rate[1]),
    p50Ms: latencyMs(text, 50),
    p99Ms: latencyMs(text, 99),
    requests: Number(count[1]),
    socketErrors,
    non2xx: non2xx === null ? 0 : Number(non2xx[1]),
  };
}

/** wrk with one thread, from the client namespace, pinned to the client CPU. */
export async function runWrk(lab: Lab, load: HttpLoad): Promise<HttpFigures> {
  const args = ['wrk', '-t1', `-c${load.connections}`, `-d${load.durationS}s`, '--latency'];
  if (load.closeEachRequest) args.push('-H', 'Connection: close');
  args.push(load.url);
  const result = await lab.run(lab.clientNs, CLIENT_CPU, args, (load.durationS + 15) * 1000);
  if (result.code !== 0) throw new Error(`wrk exited ${String(result.code)}: ${result.stderr}`);
  return parseWrk(result.stdout);
}

interface IperfJson {
  readonly error?: string;
  readonly end?: { readonly sum_received?: { readonly bits_per_second?: number } };
}

/** Received throughput in Gbit/s from `iperf3 -J`. */
export function parseIperf(text: string): number {
  const report = JSON.parse(text) as IperfJson;
  if (report.error !== undefined) throw new Error(`iperf3: ${report.error}`);
  const bits = report.end?.sum_received?.bits_per_second;
  if (bits === undefined) throw new Error('iperf3 output has no end.sum_received');
  return bits / 1e9;
}

/** One TCP stream for `seconds` after a one-second warm-up that is left out. */
export async function runIperf(lab: Lab, port: number, seconds: number): Promise<number> {
  const args = ['iperf3', '-c', lab.serverIp, '-p', String(port), '-t', String(seconds)];
  args.push('-O', '1', '-J');
  const result = await lab.run(lab.clientNs, CLIENT_CPU, args, (seconds + 20) * 1000);
  if (result.code !== 0 && !result.stdout.includes('"error"')) {
    throw new Error(`iperf3 exited ${String(result.code)}: ${result.stderr}`);
  }
  return parseIperf(result.stdout);
}
