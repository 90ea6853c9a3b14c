import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, HTTP_PORT } from './apps.js';
import { analyzeFlows } from './flows.js';
import { CLIENT_CPU, type Lab } from './lab.js';
import { attempt } from './measure.js';
import { parsePcap } from './pcap.js';
import { terminate, type Contender } from './relay.js';
import { round, summarize, type Summary } from './stats.js';
import { sleep, waitUntil } from './wait.js';

/**
 * Reset precision on the wire: tcpdump in the client namespace records every packet of
 * a burst of new connections, and each flow's RST is timed from its SYN-ACK.
 */

export interface PrecisionResult {
  readonly contender: string;
  readonly burst: number;
  readonly resetMs: number;
  flows: number;
  withSynAck: number;
  withRst: number;
  /** tcpdump's own count of packets it lost: a non-zero value means flows are missing. */
  droppedByKernel: number | null;
  clientOutcomes: Record<string, number>;
  /** error = t_RST − t_SYNACK − RESET_TIMEOUT, ms. */
  fromSynAckMs: Summary | null;
  /** error = t_RST − t_first client byte − RESET_TIMEOUT, ms (toxiproxy's timer start). */
  fromFirstDataMs: Summary | null;
  readonly errors: string[];
}

const rounded = (summary: Summary | null): Summary | null =>
  summary === null
    ? null
    : {
        n: summary.n,
        p50: round(summary.p50, 1),
        p99: round(summary.p99, 1),
        max: round(summary.max, 1),
        min: round(summary.min, 1),
      };

async function capture(
  lab: Lab,
  file: string,
  during: () => Promise<void>,
): Promise<number | null> {
  const iface = lab.pair.client.ifname;
  const tcpdump = lab.spawn(lab.clientNs, CLIENT_CPU, [
    ...['tcpdump', '-i', iface, '-n', '-s', '128', '-B', '16384'],
    // Debian's tcpdump drops to its own user before opening the file: keep root.
    ...['-Z', 'root', '-w', file],
    // Packets in a ring block the kernel has not handed over yet would be lost at exit.
    '--immediate-mode',
    `tcp port ${HTTP_PORT}`,
  ]);
  await waitUntil('tcpdump listening', () => tcpdump.stderr.includes('listening on'), 10_000);
  try {
    await during();
    await sleep(500);
  } finally {
    tcpdump.child.kill('SIGINT');
    if ((await tcpdump.exitWithin(10_000)) === undefined) {
      await terminate(tcpdump.child, (ms) => tcpdump.exitWithin(ms), 2000);
    }
  }
  const dropped = /(\d+) packets? dropped by kernel/.exec(tcpdump.stderr);
  return dropped === null ? null : Number(dropped[1]);
}

interface BurstOutcome {
  readonly outcomes: Record<string, number>;
  readonly timedOut: number;
}

async function burst(lab: Lab, count: number, holdMs: number): Promise<BurstOutcome> {
  const config = { host: lab.serverIp, port: HTTP_PORT, count, holdMs };
  const client = lab.spawn(
    lab.clientNs,
    CLIENT_CPU,
    fixture('burst-client', [JSON.stringify(config)]),
  );
  const line = await client.waitForLine((l) => l.includes('"done"'), holdMs + 15_000);
  await client.exitWithin(5000);
  return JSON.parse(line) as BurstOutcome;
}

async function oneBurst(lab: Lab, result: PrecisionResult): Promise<void> {
  const file = join(lab.tempDir, `burst-${process.pid}-${result.burst}.pcap`);
  try {
    let outcome: BurstOutcome | undefined;
    result.droppedByKernel = await capture(lab, file, async () => {
      outcome = await burst(lab, result.burst, result.resetMs + 5000);
    });
    result.clientOutcomes = { ...outcome?.outcomes, timedOut: outcome?.timedOut ?? 0 };
    const flows = analyzeFlows(parsePcap(readFileSync(file)), HTTP_PORT, result.resetMs);
    result.flows = flows.flows;
    result.withSynAck = flows.withSynAck;
    result.withRst = flows.withRst;
    result.fromSynAckMs = rounded(summarize(flows.errorsFromSynAckMs));
    result.fromFirstDataMs = rounded(summarize(flows.errorsFromFirstDataMs));
  } finally {
    rmSync(file, { force: true });
  }
}

/** Bursts of new connections through one running relay, one capture per burst. */
export async function measurePrecision(
  lab: Lab,
  contender: Contender,
  bursts: readonly number[],
): Promise<PrecisionResult[]> {
  const resetMs = contender.resetMs ?? 0;
  const results = bursts.map((count): PrecisionResult => ({
    contender: contender.name,
    burst: count,
    resetMs,
    flows: 0,
    withSynAck: 0,
    withRst: 0,
    droppedByKernel: null,
    clientOutcomes: {},
    fromSynAckMs: null,
    fromFirstDataMs: null,
    errors: [],
  }));
  const first = results[0]?.errors ?? [];
  await attempt(first, 'conntrack flush', () => lab.freshConntrack());
  const relay = await attempt(first, 'start', () => contender.start(lab, HTTP_PORT));
  if (relay === null) return results;
  try {
    for (const result of results) {
      await attempt(result.errors, `burst of ${result.burst}`, () => oneBurst(lab, result));
      await sleep(500);
    }
  } finally {
    await attempt(first, 'stop', () => relay.stop());
  }
  return results;
}
