/**
 * How many targets one SendCommand carries with a given host script: the figure the
 * script's size decides (ADR 0200). Measured with the executor's own sizer
 * (experiment/commands.ts), on a profile of realistic field lengths: LIB_IMAGE in ECR,
 * an 18-character cluster, a 12-character container name, runtime ids reported.
 */
import type { FaultConfig } from '../config/run-config.js';
import { commandSizer } from '../experiment/commands.js';
import type { Target } from '../experiment/types.js';

/** SSM_COMMAND_MAX_BYTES's default. */
export const DEFAULT_COMMAND_BYTES = 32_768;

const CLUSTER = 'production-cluster';

/** Realistic field lengths for sizing commands; tests size with it too. */
export const PROFILE_FAULT: FaultConfig = {
  targetPort: 8080,
  proxyPort: 20000,
  resetTimeoutMs: 10000,
  networkInterface: 'auto',
  toxicity: 100,
  durationSeconds: 60,
  sequence: 'parallel',
  rampSeconds: 0,
  installDependencies: true,
  libImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/ecs-http-chaos:0.1.0',
  libImagePullPolicy: 'Always',
  drainSeconds: 5,
  reaperGraceSeconds: 120,
  watchIntervalSeconds: 10,
};

function profileTarget(n: number): Target {
  const taskId = n.toString(16).padStart(32, '0');
  return {
    taskArn: `arn:aws:ecs:us-east-1:123456789012:task/${CLUSTER}/${taskId}`,
    taskId,
    clusterName: CLUSTER,
    instanceId: `i-${n.toString(16).padStart(17, '0')}`,
    containerInstanceArn: `arn:aws:ecs:us-east-1:123456789012:container-instance/${CLUSTER}/${taskId}`,
    containerName: 'checkout-api',
    runtimeId: n.toString(16).padStart(64, 'd'),
    networkMode: 'awsvpc',
  };
}

export interface Capacity {
  /** Bytes of the script as it travels (JSON-escaped in the SendCommand request). */
  readonly scriptBytes: number;
  readonly targetsPerCommand: number;
}

export function capacityOf(script: string, budget = DEFAULT_COMMAND_BYTES): Capacity {
  const measure = commandSizer(PROFILE_FAULT, script);
  const targets: Target[] = [];
  while (measure('run-1', [...targets, profileTarget(targets.length)]) <= budget) {
    targets.push(profileTarget(targets.length));
  }
  return {
    scriptBytes: Buffer.byteLength(JSON.stringify(script), 'utf8'),
    targetsPerCommand: targets.length,
  };
}
