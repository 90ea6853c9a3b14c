import type { FaultConfig } from '../config/run-config.js';
import { commandTextFor } from '../experiment/commands.js';
import type { SendCommandRequest } from '../experiment/aws-api.js';
import type { Target } from '../experiment/types.js';
import type { PayloadMode } from '../host/payload.js';

/**
 * SendCommand's TimeoutSeconds is the delivery deadline: a command not started by then
 * never runs. 30 s is SSM's minimum: an inject cannot wake up long after it was meant to.
 * A revert may wait a little longer for a host that is briefly unreachable (ADR 0081).
 */
export const DELIVERY_SECONDS: Readonly<Record<PayloadMode, number>> = {
  inject: 30,
  revert: 60,
  status: 30,
};
const INJECT_MIN_SECONDS = 30;
const INJECT_MAX_SECONDS = 600;
const REVERT_BASE_SECONDS = 60;
const REVERT_PER_TARGET_SECONDS = 10;
const REVERT_MAX_SECONDS = 900;
const STATUS_SECONDS = 60;

export interface RequestInput {
  readonly mode: PayloadMode;
  readonly unitId: string;
  readonly instanceIds: readonly string[];
  readonly targets: readonly Target[];
  readonly deadlineMs: number;
  readonly nowMs: number;
}

/**
 * executionTimeout sized to the step: an inject has no business running past its own
 * window (the script refuses near deadlines anyway), a revert gets the drain plus time per
 * proxy on its busiest host.
 */
export function executionSeconds(fault: FaultConfig, input: RequestInput): number {
  if (input.mode === 'inject') {
    const window = Math.ceil((input.deadlineMs - input.nowMs) / 1000);
    return Math.min(INJECT_MAX_SECONDS, Math.max(INJECT_MIN_SECONDS, window));
  }
  if (input.mode === 'status') return STATUS_SECONDS;
  const perHost = new Map<string, number>();
  for (const target of input.targets) {
    perHost.set(target.instanceId, (perHost.get(target.instanceId) ?? 0) + 1);
  }
  const busiest = Math.max(1, ...perHost.values());
  const seconds = REVERT_BASE_SECONDS + fault.drainSeconds + REVERT_PER_TARGET_SECONDS * busiest;
  return Math.min(REVERT_MAX_SECONDS, seconds);
}

export function sendRequestFor(
  fault: FaultConfig,
  hostScript: string,
  input: RequestInput,
): SendCommandRequest {
  const { mode, unitId, targets, deadlineMs } = input;
  return {
    instanceIds: input.instanceIds,
    commands: commandTextFor({ fault, unitId, mode, targets, deadlineMs }, hostScript),
    deliveryTimeoutSeconds: DELIVERY_SECONDS[mode],
    executionTimeoutSeconds: executionSeconds(fault, input),
    comment: `ecs-http-chaos ${mode} ${unitId}`,
  };
}

/** How long to wait for every invocation to end: delivery, execution, and a margin. */
export function waitBudgetMs(request: SendCommandRequest): number {
  return (request.deliveryTimeoutSeconds + request.executionTimeoutSeconds + 15) * 1000;
}
