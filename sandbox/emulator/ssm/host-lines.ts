/**
 * The JSON lines src/host/host.sh prints (ADR 0002 "Output"), written with the same keys
 * in the same order as its printf templates: test/unit/emulators/simulated-host.test.ts
 * holds them against the script's own templates and the executor's parser, so a change on
 * either side fails there instead of drifting.
 */
import type { PayloadMode } from '../../../src/host/payload.js';

/** esc() in host.sh: at most 480 characters, control characters as spaces. */
export function escReason(reason: string): string {
  let out = '';
  for (const c of reason.slice(0, 480)) {
    const code = c.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? ' ' : c;
  }
  return out;
}

export const hostLines = {
  error: (instance: string, task: string, step: string, reason: string) =>
    JSON.stringify({ event: 'error', instance, task, step, reason: escReason(reason) }),
  summary: (instance: string, mode: PayloadMode, ok: boolean) =>
    JSON.stringify({ event: 'summary', instance, mode, ok }),
  ready: (instance: string, task: string, container: string, ids: ReadyIds) =>
    JSON.stringify({
      event: 'ready',
      instance,
      task,
      container,
      namespace: ids.namespace,
      proxy: ids.proxy,
      deadline: ids.deadline,
    }),
  /** `proxy` is the proxy's own final "stopped" line, or null when none served the task. */
  reverted: (instance: string, task: string, proxy: string | null, clean: boolean) =>
    `{"event":"reverted","instance":${JSON.stringify(instance)},"task":${JSON.stringify(task)},"proxy":${proxy ?? 'null'},"clean":${String(clean)}}`,
  /** `docker` is what `docker inspect` says of the target's proxy, when there is one. */
  status: (target: StatusTarget, docker: ProxyDocker | undefined, atSeconds: number) =>
    JSON.stringify({
      event: 'status',
      instance: target.instance,
      task: target.task,
      container: target.container,
      state: target.state,
      ...(docker === undefined
        ? {}
        : {
            proxy: docker.proxy,
            restarts: docker.restarts,
            exitCode: docker.exitCode,
            oomKilled: docker.oomKilled,
            finishedAt: docker.finishedAt,
          }),
      at: atSeconds,
    }),
};

export interface StatusTarget {
  readonly instance: string;
  readonly task: string;
  readonly container: string;
  readonly state: 'running' | 'exited' | 'absent';
}

export interface ProxyDocker {
  readonly proxy: string;
  readonly restarts: number;
  readonly exitCode: number;
  readonly oomKilled: boolean;
  /** Docker's time format; `0001-01-01T00:00:00Z` for a container that never exited. */
  readonly finishedAt: string;
}

export interface ReadyIds {
  readonly namespace: string;
  readonly proxy: string;
  readonly deadline: number;
}

/** say() in host.sh: what the script writes on stderr. */
export const sayLine = (text: string): string => `ecs-http-chaos host: ${text}\n`;
