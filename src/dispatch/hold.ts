import type { HostEvent, ProxyContainer } from '../host/payload-events.js';

/** Whether one target's fault held through its window, as far as the run could see (ADR 0140). */
export type TargetHold =
  | { readonly kind: 'held'; readonly task: string; readonly lastSeenMs: number }
  | {
      readonly kind: 'stopped';
      readonly task: string;
      /** When the fault stopped (docker's last exit of the proxy), when known. */
      readonly atMs: number | undefined;
      /** When the run learnt it. */
      readonly seenMs: number;
      readonly reason: string;
    }
  | {
      readonly kind: 'unknown';
      readonly task: string;
      readonly reason: string;
      readonly lastSeenMs: number | undefined;
      /** The run was halted before any round came back, and none had failed. */
      readonly cutShort?: true;
    };

/** What one status line says about one target's proxy. */
export type Observation =
  | { readonly kind: 'held'; readonly atMs: number }
  | {
      readonly kind: 'stopped';
      readonly atMs: number | undefined;
      readonly seenMs: number;
      readonly reason: string;
    }
  /** The host looked at or after the deadline: a proxy that ended there ended on time. */
  | { readonly kind: 'late' }
  | { readonly kind: 'unknown'; readonly reason: string };

export type StatusEvent = Extract<HostEvent, { event: 'status' }>;

/** `at` is whole seconds: a look within the deadline's last second may have been after it. */
const AT_RESOLUTION_MS = 1000;

/**
 * One status line against what the inject reported (`proxyId`, from its ready line) and
 * the window's deadline. `nowMs` stands in for the host's time when the line has none.
 */
export function observe(
  seen: StatusEvent,
  expected: { readonly proxyId: string | undefined; readonly deadlineMs: number },
  nowMs: number,
): Observation {
  const atMs = seen.atMs ?? nowMs;
  if (atMs + AT_RESOLUTION_MS > expected.deadlineMs) return { kind: 'late' };
  const stop = (reason: string, at?: number): Observation => ({
    kind: 'stopped',
    atMs: at,
    seenMs: atMs,
    reason,
  });
  if (seen.state === 'absent') {
    return stop('its proxy container is gone (removed with docker rm, or by the host)');
  }
  const proxy = seen.proxy;
  if (proxy === undefined) {
    return { kind: 'unknown', reason: `docker showed the proxy ${seen.state} but no details` };
  }
  if (expected.proxyId !== undefined && proxy.id !== expected.proxyId) {
    return stop(`its proxy ${short(expected.proxyId)} was replaced by ${short(proxy.id)}`);
  }
  if (seen.state === 'exited') return stop(`its proxy ${exitWords(proxy)}`, proxy.finishedAtMs);
  if (proxy.restarts > 0) {
    return stop(
      `its proxy crashed and docker restarted it ${times(proxy.restarts)} (last exit: ${exitWords(proxy)}); the redirect was not served in between`,
      proxy.finishedAtMs,
    );
  }
  return { kind: 'held', atMs };
}

/** Why a container ended, in the words an operator searches for. */
export function exitWords(proxy: ProxyContainer): string {
  const restarted =
    proxy.restarts > 0 ? ` after ${proxy.restarts} restart${proxy.restarts === 1 ? '' : 's'}` : '';
  if (proxy.oomKilled) return `was killed by the OOM killer (exit ${proxy.exitCode})${restarted}`;
  const how: Readonly<Record<number, string>> = {
    0: 'exited cleanly before its deadline (docker stop?)',
    137: 'was killed with SIGKILL (docker kill, the kernel, or a crash)',
    143: 'was stopped with SIGTERM (docker stop?)',
  };
  return `${how[proxy.exitCode] ?? 'exited'} (exit ${proxy.exitCode})${restarted}`;
}

const times = (n: number): string => (n === 1 ? 'once' : `${n} times`);
const short = (id: string): string => id.slice(0, 12);
