import type { Counters } from './counters.js';
import type { ProxyOptions } from './options.js';

/** The proxy's stdout is JSON lines only (docs/decisions/0002); logs go to stderr. */
export type EventSink = (line: string) => void;

/** Which mechanism causes the fault in this window, and why (docs/decisions/0131). */
export interface MechanismFacts {
  readonly mechanism: 'relay' | 'destroy';
  readonly mechanismWhy: string;
}

export interface ReadyFacts extends MechanismFacts {
  readonly backend: string;
  readonly interfaceName: string;
  readonly families: readonly string[];
  /** The relay's nat chain; the destroy mechanism has none. */
  readonly chain?: string;
  readonly deadlineMs: number;
  /** Destroy: connections open on the port as the window opened (left alone). */
  readonly preExisting?: number;
}

export function readyEvent(options: ProxyOptions, facts: ReadyFacts): string {
  return JSON.stringify({
    event: 'ready',
    id: options.id,
    interface: facts.interfaceName,
    targetPort: options.targetPort,
    proxyPort: options.proxyPort,
    resetTimeoutMs: options.resetTimeoutMs,
    toxicity: options.toxicity,
    drainS: options.drainS,
    deadline: facts.deadlineMs,
    backend: facts.backend,
    families: facts.families,
    mechanism: facts.mechanism,
    mechanismWhy: facts.mechanismWhy,
    ...(facts.chain === undefined ? {} : { chain: facts.chain }),
    ...(facts.preExisting === undefined ? {} : { preExisting: facts.preExisting }),
  });
}

export function statsEvent(
  id: string,
  at: number,
  counters: Counters & { readonly preExisting?: number },
): string {
  return JSON.stringify({ event: 'stats', id, at, ...counters });
}

export interface StoppedFacts extends Partial<MechanismFacts> {
  /** 'deadline', 'SIGTERM', 'SIGINT', or 'deadline-passed' (started after its deadline). */
  readonly reason: string;
  /** Connections still open at the end of the drain, closed normally. */
  readonly closedAfterDrain: number;
  /** Whether nothing tagged with the id is left in the namespace. */
  readonly clean: boolean;
  readonly removed: number;
  /** The relay's redirect lease over the window (docs/decisions/0130). */
  readonly lease?: {
    readonly renewals: number;
    readonly failures: number;
    readonly lapses: number;
  };
  /** The relay's conntrack sweeps of entries redirected to its port (docs/decisions/0130). */
  readonly sweeps?: SweepFigures;
}

/** What the relay's conntrack sweeps did, for its `stopped` line. */
export interface SweepFigures {
  readonly sweeps: number;
  readonly failures: number;
  /** Whether every entry redirected to the proxy port was deleted at the window's end. */
  readonly forgotAtEnd: boolean;
}

export function stoppedEvent(id: string, counters: Counters, facts: StoppedFacts): string {
  return JSON.stringify({ event: 'stopped', id, ...facts, ...counters });
}
