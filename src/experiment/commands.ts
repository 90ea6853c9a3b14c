import type { FaultConfig } from '../config/run-config.js';
import {
  commandsFor,
  encodePayload,
  type CommandText,
  type Payload,
  type PayloadMode,
} from '../host/payload.js';
import type { Target } from './types.js';

export interface CommandInput {
  readonly fault: FaultConfig;
  /** The chaos id of this dispatch unit (ADR 0052): base id, or with a step suffix. */
  readonly unitId: string;
  readonly mode: PayloadMode;
  readonly targets: readonly Target[];
  /** Absolute, UTC epoch ms: computed by the dispatcher when the step starts. */
  readonly deadlineMs: number;
}

export function payloadFor(input: CommandInput): Payload {
  const { fault, unitId, mode, targets, deadlineMs } = input;
  return {
    header: {
      mode,
      chaosId: unitId,
      libImage: fault.libImage,
      installDependencies: fault.installDependencies,
      pullPolicy: fault.libImagePullPolicy,
      drainSeconds: fault.drainSeconds,
      graceSeconds: fault.reaperGraceSeconds,
    },
    targets: targets.map((target) => ({
      instanceId: target.instanceId,
      clusterName: target.clusterName,
      taskArn: target.taskArn,
      containerName: target.containerName,
      runtimeId: target.runtimeId,
      networkMode: target.networkMode,
      targetPort: fault.targetPort,
      proxyPort: fault.proxyPort,
      resetTimeoutMs: fault.resetTimeoutMs,
      networkInterface: fault.networkInterface,
      toxicity: fault.toxicity,
      deadlineMs,
    })),
  };
}

/** The two `commands` strings for one SendCommand. */
export function commandTextFor(input: CommandInput, hostScript: string): CommandText {
  return commandsFor(encodePayload(payloadFor(input)), hostScript);
}

/** Every deadline until the year 2286 has 13 digits, so sizes do not depend on it. */
const SIZING_DEADLINE = 9_999_999_999_999;

/**
 * Measures a would-be command exactly as it will be sent (mode and deadline aside), in
 * time linear in its targets: planning calls it with growing lists, and re-encoding the
 * whole payload with the script for each call made planning quadratic (ADR 0053, 0192).
 * Base64 needs no JSON escaping, so the command is a fixed JSON frame around
 * 4·⌈payload bytes / 3⌉ characters; each target's line is encoded (and so checked) once.
 */
export function commandSizer(
  fault: FaultConfig,
  hostScript: string,
): (unitId: string, targets: readonly Target[]) => number {
  const frame = Buffer.byteLength(JSON.stringify(["P=''", hostScript]), 'utf8');
  const headers = new Map<string, number>();
  const lines = new WeakMap<Target, number>();
  const sizing = (unitId: string, targets: readonly Target[]) =>
    payloadFor({ fault, unitId, mode: 'revert', targets, deadlineMs: SIZING_DEADLINE });
  const textBytes = (unitId: string, targets: readonly Target[]) =>
    Buffer.from(encodePayload(sizing(unitId, targets)), 'base64').length;
  return (unitId, targets) => {
    let header = headers.get(unitId);
    if (header === undefined) {
      header = textBytes(unitId, []);
      headers.set(unitId, header);
    }
    let bytes = header;
    for (const target of targets) {
      let line = lines.get(target);
      if (line === undefined) {
        line = textBytes(unitId, [target]) - header;
        lines.set(target, line);
      }
      bytes += line;
    }
    return frame + 4 * Math.ceil(bytes / 3);
  };
}
