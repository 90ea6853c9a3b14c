import { showValue } from '../config/show-value.js';
import { readEvent, type HostEvent, type ProxyCounters } from './payload-events.js';

/** GetCommandInvocation's StandardOutputContent holds the first 24,000 characters. */
export const SSM_STDOUT_LIMIT = 24_000;
const IGNORED_KEPT = 20;

/** Everything one host said about one target (a task). */
export interface TargetState {
  readonly task: string;
  readonly instance: string;
  readonly ready: readonly {
    container: string;
    namespace: string;
    proxy: string;
    deadline: number;
  }[];
  readonly errors: readonly { step: string; reason: string }[];
  readonly reverted: readonly { clean: boolean; counters: ProxyCounters | null }[];
  readonly state: 'running' | 'exited' | 'absent' | undefined;
}

export interface HostReport {
  readonly events: readonly HostEvent[];
  /** Keyed by task ARN. */
  readonly targets: ReadonlyMap<string, TargetState>;
  /** Errors not about one task (docker missing, lock, tombstone, bad payload …). */
  readonly hostErrors: readonly { step: string; reason: string }[];
  readonly summary: { readonly mode: string; readonly ok: boolean } | undefined;
  /** Lines that were not events, quoted for a log line; at most IGNORED_KEPT kept. */
  readonly ignored: readonly string[];
  readonly ignoredCount: number;
  /** Stdout hit SSM's limit: later lines (the summary among them) are lost. */
  readonly truncated: boolean;
}

export interface ParseOptions {
  /** Lines naming another instance are ignored: a host speaks only for itself. */
  readonly instanceId?: string;
  readonly limit?: number;
}

type MutableState = {
  -readonly [K in keyof TargetState]: TargetState[K] extends readonly (infer U)[]
    ? U[]
    : TargetState[K];
};

/**
 * Tolerant reader of the host script's JSON lines: garbage (a stray `docker` message,
 * a half line cut by SSM's 24,000-character limit) is counted and quoted, never fatal.
 */
export function parseHostOutput(stdout: string, options: ParseOptions = {}): HostReport {
  const truncated = stdout.length >= (options.limit ?? SSM_STDOUT_LIMIT);
  const lines = stdout.split('\n');
  // A cut output ends mid-line: that fragment is not garbage, only lost.
  if (truncated && !stdout.endsWith('\n')) lines.pop();
  const sorted = classify(lines, options.instanceId);
  return { ...fold(sorted.events), ...sorted, truncated };
}

function classify(
  lines: readonly string[],
  instanceId: string | undefined,
): Pick<HostReport, 'events' | 'ignored' | 'ignoredCount'> {
  const events: HostEvent[] = [];
  const ignored: string[] = [];
  let ignoredCount = 0;
  for (const line of lines.map((raw) => raw.trim()).filter((trimmed) => trimmed !== '')) {
    const event = readEvent(line);
    const problem = typeof event === 'string' ? event : foreign(event, instanceId);
    if (problem === undefined && typeof event !== 'string') {
      events.push(event);
      continue;
    }
    ignoredCount += 1;
    if (ignored.length < IGNORED_KEPT) ignored.push(`${problem ?? ''}: ${showValue(line)}`);
  }
  return { events, ignored, ignoredCount };
}

function foreign(event: HostEvent, instanceId: string | undefined): string | undefined {
  return instanceId === undefined || event.instance === instanceId
    ? undefined
    : `speaks for instance ${event.instance}, not ${instanceId}`;
}

function fold(
  events: readonly HostEvent[],
): Pick<HostReport, 'targets' | 'hostErrors' | 'summary'> {
  const targets = new Map<string, MutableState>();
  const hostErrors: { step: string; reason: string }[] = [];
  let summary: HostReport['summary'];
  const stateOf = (event: { task: string; instance: string }): MutableState => {
    const found = targets.get(event.task);
    if (found !== undefined) return found;
    const created: MutableState = {
      task: event.task,
      instance: event.instance,
      ready: [],
      errors: [],
      reverted: [],
      state: undefined,
    };
    targets.set(event.task, created);
    return created;
  };
  for (const event of events) {
    if (event.event === 'summary') summary = { mode: event.mode, ok: event.ok };
    else if (event.event === 'error' && event.task === '')
      hostErrors.push({ step: event.step, reason: event.reason });
    else if (event.event === 'error')
      stateOf(event).errors.push({ step: event.step, reason: event.reason });
    else if (event.event === 'ready') {
      const { container, namespace, proxy, deadline } = event;
      stateOf(event).ready.push({ container, namespace, proxy, deadline });
    } else if (event.event === 'reverted')
      stateOf(event).reverted.push({ clean: event.clean, counters: event.proxy });
    else stateOf(event).state = event.state;
  }
  return { targets, hostErrors, summary };
}
