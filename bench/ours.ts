import { resolve } from 'node:path';
import { SERVER_CPU, type Lab } from './lab.js';
import type { Contender, Relay } from './relay.js';
import { readyOrKilled, relayPortFor, terminate } from './relay.js';

/** `bin/ecs-http-chaos proxy` exactly as the host script starts it, in the server namespace. */

const CLI = resolve('bin/ecs-http-chaos');
/** Long enough for every measurement, short enough that a killed bench leaves nothing long. */
const WINDOW_S = 120;
/** A reset timeout no measurement outlives: every timer is armed, none fires. */
export const NEVER_FIRES_MS = 60_000;
let sequence = 0;

/** Our two mechanisms (docs/decisions/0131): the relay, and destroy (nothing in the path). */
export type Mechanism = 'relay' | 'destroy';

export interface OursOptions {
  readonly resetMs: number;
  readonly proxyPort: number;
  readonly mechanism: Mechanism;
}

export async function startOurs(
  lab: Lab,
  targetPort: number,
  options: OursOptions,
): Promise<Relay> {
  sequence += 1;
  const args = [
    CLI,
    'proxy',
    '--id',
    `ehc-bench-${process.pid}-${sequence}`,
    '--target-port',
    String(targetPort),
    '--proxy-port',
    String(options.proxyPort),
    '--reset-timeout-ms',
    String(options.resetMs),
    '--duration-s',
    String(WINDOW_S),
    '--drain-s',
    '1',
    '--mechanism',
    options.mechanism,
  ];
  const startedAt = performance.now();
  // The destroy mechanism's named pipes go in the bench's own temporary directory.
  const proxy = lab.spawn(lab.serverNs, SERVER_CPU, args, { ...process.env, TMPDIR: lab.tempDir });
  await readyOrKilled(
    proxy,
    proxy.waitForLine((line) => line.startsWith('{"event":"ready"'), 20_000),
  );
  const startupMs = performance.now() - startedAt;
  const stop = async () => {
    const clean = await terminate(proxy.child, (ms) => proxy.exitWithin(ms), 15_000);
    const stopped = proxy.lines.find((line) => line.startsWith('{"event":"stopped"'));
    if (!clean || stopped === undefined || !stopped.includes('"clean":true')) {
      throw new Error(`our proxy did not stop cleanly: ${stopped ?? proxy.stderr.slice(-500)}`);
    }
    if (!stopped.includes(`"mechanism":"${options.mechanism}"`)) {
      throw new Error(`our proxy ran another mechanism than ${options.mechanism}: ${stopped}`);
    }
  };
  return { pid: proxy.pid, startupMs, stop };
}

export function ours(name: string, resetMs: number, mechanism: Mechanism): Contender {
  return {
    name,
    resetMs,
    bulk: resetMs === NEVER_FIRES_MS,
    start: (lab, targetPort) =>
      startOurs(lab, targetPort, { resetMs, proxyPort: relayPortFor(targetPort), mechanism }),
  };
}
