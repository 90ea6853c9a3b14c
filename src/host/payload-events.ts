import { ECS_NAME, INSTANCE_ID, TASK_ARN } from '../config/patterns.js';
import { CONTAINER_ID, count, proxyContainerOf, type ProxyContainer } from './payload-status.js';

export type { ProxyContainer } from './payload-status.js';

/** The host script's stdout lines (ADR 0002 "Output"), after validation. */
export interface ProxyCounters {
  readonly connections: number;
  readonly resets: number;
  readonly passedThrough: number;
  readonly active: number;
  readonly bytesFromClients: number;
  readonly bytesFromUpstream: number;
  readonly upstreamErrors: number;
  /** The destroy mechanism: connections open when the window opened, left alone. */
  readonly preExisting?: number;
  /** Which mechanism caused the fault, and why (docs/decisions/0131). */
  readonly mechanism?: ProxyMechanism;
  readonly mechanismWhy?: string;
  /**
   * The relay: times its redirect's lease ran out before a renewal (ADR 0130), each a
   * moment when new connections went direct. Absent when none did.
   */
  readonly leaseLapses?: number;
}

export type ProxyMechanism = 'relay' | 'destroy';

export type HostEvent =
  | {
      readonly event: 'ready';
      readonly instance: string;
      readonly task: string;
      readonly container: string;
      readonly namespace: string;
      readonly proxy: string;
      readonly deadline: number;
    }
  | {
      readonly event: 'error';
      readonly instance: string;
      /** '' for host-level errors such as "docker not found". */
      readonly task: string;
      readonly step: string;
      readonly reason: string;
    }
  | {
      readonly event: 'reverted';
      readonly instance: string;
      readonly task: string;
      readonly proxy: ProxyCounters | null;
      readonly clean: boolean;
    }
  | {
      readonly event: 'status';
      readonly instance: string;
      readonly task: string;
      readonly state: 'running' | 'exited' | 'absent';
      /** The target's container name (older scripts did not say). */
      readonly container?: string;
      /** The proxy container docker shows for the target; absent when there is none. */
      readonly proxy?: ProxyContainer;
      /** When the host looked (its clock, whole seconds as epoch ms). */
      readonly atMs?: number;
    }
  | {
      readonly event: 'summary';
      readonly instance: string;
      readonly mode: string;
      readonly ok: boolean;
    };

type Json = Readonly<Record<string, unknown>>;
/** Each reader returns the event, or the reason the line does not make one. */
type Reader = (line: Json) => HostEvent | string;

const REASON_MAX = 500;
const STEP = /^[a-z][a-z-]{0,31}$/;
export const COUNTERS = [
  'connections',
  'resets',
  'passedThrough',
  'active',
  'bytesFromClients',
  'bytesFromUpstream',
  'upstreamErrors',
] as const;

const text = (line: Json, key: string, valid: RegExp): string | undefined => {
  const value = line[key];
  return typeof value === 'string' && valid.test(value) ? value : undefined;
};

const readReady: Reader = (line) => {
  const [task, container] = [text(line, 'task', TASK_ARN), text(line, 'container', ECS_NAME)];
  const [namespace, proxy] = [
    text(line, 'namespace', CONTAINER_ID),
    text(line, 'proxy', CONTAINER_ID),
  ];
  const deadline = line['deadline'];
  if (task === undefined || container === undefined)
    return 'ready without a valid task and container';
  if (namespace === undefined || proxy === undefined || !count(deadline)) {
    return 'ready without valid namespace, proxy and deadline';
  }
  return { event: 'ready', instance: '', task, container, namespace, proxy, deadline };
};

const readError: Reader = (line) => {
  const task = line['task'] === '' ? '' : text(line, 'task', TASK_ARN);
  const step = text(line, 'step', STEP);
  const reason = line['reason'];
  if (task === undefined || step === undefined || typeof reason !== 'string') {
    return 'error without a valid task, step and reason';
  }
  return { event: 'error', instance: '', task, step, reason: reason.slice(0, REASON_MAX) };
};

const readReverted: Reader = (line) => {
  const task = text(line, 'task', TASK_ARN);
  const clean = line['clean'];
  if (task === undefined || typeof clean !== 'boolean')
    return 'reverted without a valid task and clean';
  return { event: 'reverted', instance: '', task, proxy: countersOf(line['proxy']), clean };
};

const readStatus: Reader = (line) => {
  const task = text(line, 'task', TASK_ARN);
  const state = line['state'];
  if (task === undefined || (state !== 'running' && state !== 'exited' && state !== 'absent')) {
    return 'status without a valid task and state';
  }
  const proxy = proxyContainerOf(line);
  const [container, at] = [text(line, 'container', ECS_NAME), line['at']];
  return {
    event: 'status',
    instance: '',
    task,
    state,
    ...(container === undefined ? {} : { container }),
    ...(proxy === undefined ? {} : { proxy }),
    ...(count(at) ? { atMs: at * 1000 } : {}),
  };
};

const readSummary: Reader = (line) => {
  const mode = line['mode'];
  const ok = line['ok'];
  if ((mode !== 'inject' && mode !== 'revert' && mode !== 'status') || typeof ok !== 'boolean') {
    return 'summary without a valid mode and ok';
  }
  return { event: 'summary', instance: '', mode, ok };
};

const READERS: Readonly<Record<string, Reader>> = {
  ready: readReady,
  error: readError,
  reverted: readReverted,
  status: readStatus,
  summary: readSummary,
};

const WHY_MAX = 300;

/** The proxy's final "stopped" object: connections and resets required, others default 0. */
function countersOf(value: unknown): ProxyCounters | null {
  if (typeof value !== 'object' || value === null) return null;
  const source = value as Json;
  if (!count(source['connections']) || !count(source['resets'])) return null;
  const entries = COUNTERS.map((key) => {
    const field = source[key];
    return [key, count(field) ? field : 0] as const;
  });
  const counters = Object.fromEntries(entries) as Record<(typeof COUNTERS)[number], number>;
  return { ...counters, ...mechanismOf(source) };
}

/** Optional facts of newer proxies; an older proxy's line simply lacks them. */
function mechanismOf(source: Json): Partial<ProxyCounters> {
  const { mechanism, mechanismWhy, preExisting } = source;
  const lapses = leaseLapsesOf(source['lease']);
  return {
    ...(mechanism === 'relay' || mechanism === 'destroy' ? { mechanism } : {}),
    ...(typeof mechanismWhy === 'string' ? { mechanismWhy: mechanismWhy.slice(0, WHY_MAX) } : {}),
    ...(count(preExisting) ? { preExisting } : {}),
    ...(lapses > 0 ? { leaseLapses: lapses } : {}),
  };
}

function leaseLapsesOf(lease: unknown): number {
  if (typeof lease !== 'object' || lease === null) return 0;
  const lapses = (lease as Json)['lapses'];
  return count(lapses) ? lapses : 0;
}

/** One stdout line into an event, or the reason it was ignored. */
export function readEvent(raw: string): HostEvent | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return 'not JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return 'not a JSON object';
  const line = parsed as Json;
  const instance = text(line, 'instance', INSTANCE_ID);
  if (instance === undefined) return 'no valid instance';
  const kind = line['event'];
  const reader =
    typeof kind === 'string' && Object.hasOwn(READERS, kind) ? READERS[kind] : undefined;
  if (reader === undefined) return 'unknown event';
  const event = reader(line);
  return typeof event === 'string' ? event : { ...event, instance };
}
