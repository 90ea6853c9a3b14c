import type { Tracked } from '../sandbox/world/processes.js';
import type { Lab } from './lab.js';

/** A relay in front of one server port, running in the server namespace. */
export interface Relay {
  /** The process to measure; undefined when nothing is interposed. */
  readonly pid: number | undefined;
  /** From spawn to ready, when the relay says when it is ready (ours does). */
  readonly startupMs: number | undefined;
  stop(): Promise<void>;
}

export interface Contender {
  readonly name: string;
  /** The relay's reset timeout (ms), or undefined when it has no reset fault configured. */
  readonly resetMs: number | undefined;
  /** Whether a bulk stream through it means anything (not when resets cut it short). */
  readonly bulk: boolean;
  /** Interposes the relay in front of `targetPort`: clients keep dialling that port. */
  start(lab: Lab, targetPort: number): Promise<Relay>;
}

export const direct: Contender = {
  name: 'direct',
  resetMs: undefined,
  bulk: true,
  start: () =>
    Promise.resolve({ pid: undefined, startupMs: undefined, stop: () => Promise.resolve() }),
};

/** Where a third-party relay listens for a target port. */
export function relayPortFor(targetPort: number): number {
  return 20_000 + (targetPort % 10_000);
}

/**
 * The same transparent interposition our proxy installs (nat PREROUTING, --syn, REDIRECT),
 * for the relays that cannot install it themselves: every relay pays the same kernel path.
 */
function redirectArgs(lab: Lab, op: '-A' | '-D', targetPort: number, toPort: number): string[] {
  return [
    'iptables',
    '-w',
    '5',
    '-t',
    'nat',
    op,
    'PREROUTING',
    '-i',
    lab.pair.server.ifname,
    '-p',
    'tcp',
    '--syn',
    '--dport',
    String(targetPort),
    '-m',
    'comment',
    '--comment',
    `ehc-bench-${process.pid}`,
    '-j',
    'REDIRECT',
    '--to-ports',
    String(toPort),
  ];
}

export async function addRedirect(
  lab: Lab,
  targetPort: number,
  toPort: number,
): Promise<() => Promise<void>> {
  await lab.mustRun(lab.serverNs, redirectArgs(lab, '-A', targetPort, toPort));
  return async () => {
    await lab.mustRun(lab.serverNs, redirectArgs(lab, '-D', targetPort, toPort));
  };
}

/** SIGTERM, then SIGKILL if the process has not exited within `graceMs`. */
export async function terminate(
  child: { kill(signal: NodeJS.Signals): boolean },
  exited: (ms: number) => Promise<unknown>,
  graceMs: number,
): Promise<boolean> {
  child.kill('SIGTERM');
  if ((await exited(graceMs)) !== undefined) return true;
  child.kill('SIGKILL');
  await exited(5000);
  return false;
}

/** Waits for a relay to be ready; a relay that is not is killed, its stderr in the error. */
export async function readyOrKilled(relay: Tracked, ready: Promise<unknown>): Promise<void> {
  try {
    await ready;
  } catch (error) {
    relay.child.kill('SIGKILL');
    await relay.exitWithin(5000);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}; its stderr: ${relay.stderr.trim().slice(-800)}`, { cause: error });
  }
}
