import type { FaultConfig } from '../config/run-config.js';
import {
  commandBytes,
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

/** Measures a would-be command exactly as it will be sent (mode and deadline aside). */
export function commandSizer(
  fault: FaultConfig,
  hostScript: string,
): (unitId: string, targets: readonly Target[]) => number {
  return (unitId, targets) =>
    commandBytes(
      commandTextFor(
        { fault, unitId, mode: 'revert', targets, deadlineMs: SIZING_DEADLINE },
        hostScript,
      ),
    );
}
