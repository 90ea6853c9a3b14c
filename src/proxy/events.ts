import type { Counters } from './counters.js';
import type { ProxyOptions } from './options.js';

/** The proxy's stdout is JSON lines only (docs/decisions/0002); logs go to stderr. */
export type EventSink = (line: string) => void;

export interface ReadyFacts {
  readonly backend: string;
  readonly interfaceName: string;
  readonly families: readonly string[];
  readonly chain: string;
  readonly deadlineMs: number;
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
    chain: facts.chain,
  });
}

export function statsEvent(id: string, at: number, counters: Counters): string {
  return JSON.stringify({ event: 'stats', id, at, ...counters });
}

export interface StoppedFacts {
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
}

export function stoppedEvent(id: string, counters: Counters, facts: StoppedFacts): string {
  return JSON.stringify({ event: 'stopped', id, ...facts, ...counters });
}
