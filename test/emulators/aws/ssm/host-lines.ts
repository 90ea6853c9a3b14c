/**
 * The JSON lines src/host/host.sh prints (ADR 0002 "Output"), written with the same keys
 * in the same order as its printf templates: test/unit/emulators/simulated-host.test.ts
 * holds them against the script's own templates and the executor's parser, so a change on
 * either side fails there instead of drifting.
 */
import type { PayloadMode } from '../../../../src/host/payload.js';

/** esc() in host.sh: at most 480 characters, control characters as spaces. */
export function escReason(reason: string): string {
  return reason.slice(0, 480).replace(/[\u0000-\u001f\u007f]/g, ' ');
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
  status: (instance: string, task: string, state: 'running' | 'exited' | 'absent') =>
    JSON.stringify({ event: 'status', instance, task, state }),
};

export interface ReadyIds {
  readonly namespace: string;
  readonly proxy: string;
  readonly deadline: number;
}

/** say() in host.sh: what the script writes on stderr. */
export const sayLine = (text: string): string => `ecs-http-chaos host: ${text}\n`;
