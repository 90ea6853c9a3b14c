import type { Environment } from '../../../../src/config/environment.js';
import type { Phase } from '../../../../src/errors/codes.js';
import type { TaskInfo } from '../../../../src/experiment/types.js';
import type { AwsSession, RunDeps } from '../../../../src/run/deps.js';
import { logReporting, type RunReporting } from '../../../../src/run/reporting.js';
import { runExperiment } from '../../../../src/run/run.js';
import { ec2Id, task } from '../../experiment/fixtures.js';
import { VirtualClock } from './clock.js';
import { FakeEcs } from './ecs.js';
import { captureLogger, type LogLine } from './logger.js';
import { FakeSsm } from './ssm.js';

/** A fixed script text: the executor only measures and carries it. */
export const HOST_SCRIPT = '# host script\necho hi\n';

export const BASE_ENV: Environment = {
  CLUSTER_NAME: 'prod',
  REGION: 'us-east-1',
  SERVICE_NAME: 'checkout',
  TOTAL_CHAOS_DURATION: '30',
  RESET_TIMEOUT: '1000',
  CHAOS_UID: 'run-1',
  TERMINATION_GRACE_PERIOD_SECONDS: '30',
};

export interface World {
  readonly clock: VirtualClock;
  readonly ecs: FakeEcs;
  readonly ssm: FakeSsm;
  readonly abort: AbortController;
  readonly lines: LogLine[];
  readonly stderr: string[];
  connects: number;
  readonly phasesAtConnect: Phase[];
}

/** By default tasks 1..3 on instances 1 and 2 alternately; every instance Online. */
export function world(
  tasks: TaskInfo[] = [1, 2, 3].map((n) => task(n, { instance: 1 + ((n - 1) % 2) })),
  instanceNumbers: readonly number[] = [1, 2],
): World {
  const clock = new VirtualClock();
  const managed = instanceNumbers.map((n) => ({
    instanceId: ec2Id(n),
    pingStatus: 'Online' as const,
    platformType: 'Linux',
  }));
  return {
    clock,
    ecs: new FakeEcs(tasks),
    ssm: new FakeSsm(clock, managed),
    abort: new AbortController(),
    lines: [],
    stderr: [],
    connects: 0,
    phasesAtConnect: [],
  };
}

export interface RunOptions {
  readonly env?: Environment;
  readonly reporting?: (lines: LogLine[]) => RunReporting;
}

/** Runs `run` against the fakes; always in the same virtual start time. */
export async function run(w: World, options: RunOptions = {}): Promise<number> {
  const logger = captureLogger(w.lines);
  const deps: RunDeps = {
    env: { ...BASE_ENV, ...options.env },
    clock: w.clock,
    random: { int: () => 0 },
    signal: w.abort.signal,
    stderr: (line) => w.stderr.push(line),
    logger: () => logger,
    reporting: (_config, log) => Promise.resolve(options.reporting?.(w.lines) ?? logReporting(log)),
    connect: (_config, phaseOf) => {
      w.connects += 1;
      w.phasesAtConnect.push(phaseOf());
      const session: AwsSession = {
        ecs: w.ecs,
        ssm: w.ssm,
        identity: {
          account: '123456789012',
          arn: 'arn:aws:iam::123456789012:user/chaos',
          userId: 'AID',
        },
        source: 'fake',
        close: () => undefined,
      };
      return Promise.resolve(session);
    },
    hostScript: () => Promise.resolve(HOST_SCRIPT),
    poll: { firstMs: 500, maxMs: 2000, factor: 1.5 },
  };
  return runExperiment(deps);
}
