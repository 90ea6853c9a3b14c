import type { HostScripts } from '../../../../src/host/scripts.js';
import type { Environment } from '../../../../src/core/context.js';
import type { ReportingConfig } from '../../../../src/config/run-config.js';
import type { Phase } from '../../../../src/errors/codes.js';
import type { TaskInfo } from '../../../../src/experiment/types.js';
import type { AwsSession, RunDeps } from '../../../../src/run/deps.js';
import type { RunReporting } from '../../../../src/run/reporting.js';
import { identityOf } from '../../../../src/result/identity.js';
import { ResultReporter } from '../../../../src/result/reporter.js';
import type { ChaosResultObject, EventObject } from '../../../../src/result/types.js';
import { parseProbes } from '../../../../src/probes/parse.js';
import { ProbeRunner } from '../../../../src/probes/runner.js';
import type { ProbeDefinition } from '../../../../src/probes/types.js';
import { MemoryStore } from '../../../support/fakes/store.js';
import { runExperiment } from '../../../../src/run/run.js';
import { ec2Id, task } from '../../experiment/fixtures.js';
import { VirtualClock } from './clock.js';
import { FakeEcs } from './ecs.js';
import { captureLogger, type LogLine } from './logger.js';
import { FakeSsm } from './ssm.js';

/** A fixed script text: the executor only measures and carries it. */
export const HOST_SCRIPT = '# host script\necho hi\n';
/** The revert's build: smaller, as host-revert.sh is (ADR 0223). */
export const HOST_SCRIPT_REVERT = '# revert\n';

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
  readonly results: MemoryStore<ChaosResultObject>;
  readonly events: MemoryStore<EventObject>;
  /** Per probe name, the answers its checks give in turn (the last repeats). */
  readonly probeAnswers: Record<string, readonly boolean[]>;
  /** Virtual times of every probe evaluation, per probe name. */
  readonly probeCalls: Record<string, number[]>;
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
    results: new MemoryStore<ChaosResultObject>(),
    events: new MemoryStore<EventObject>(),
    probeAnswers: {},
    probeCalls: {},
  };
}

export interface ProbeSpec {
  readonly name: string;
  readonly mode: ProbeDefinition['mode'];
  readonly stopOnFailure?: boolean;
}

/** cmdProbes whose checks answer from `w.probeAnswers`, at virtual times. */
function probeRunner(w: World, specs: readonly ProbeSpec[], abort: AbortSignal): ProbeRunner {
  const probes = parseProbes(
    specs.map((spec) => ({
      name: spec.name,
      type: 'cmdProbe',
      mode: spec.mode,
      runProperties: {
        probeTimeout: '1s',
        interval: '1s',
        probePollingInterval: '5s',
        stopOnFailure: spec.stopOnFailure ?? false,
      },
      'cmdProbe/inputs': {
        command: 'true',
        comparator: { type: 'int', criteria: '==', value: '0' },
      },
    })),
    'test',
    'pre-chaos',
  );
  return new ProbeRunner({
    probes,
    checkFor: (probe) => async () => {
      const calls = (w.probeCalls[probe.name] ??= []);
      calls.push(w.clock.now());
      const answers = w.probeAnswers[probe.name] ?? [true];
      const ok = answers[Math.min(calls.length - 1, answers.length - 1)] ?? true;
      await Promise.resolve();
      return { ok, description: ok ? 'exit 0' : 'ECONNRESET' };
    },
    clock: w.clock,
    logger: captureLogger(w.lines, 'pre-chaos'),
    abort,
  });
}

/** The real ResultReporter over in-memory stores, and the real ProbeRunner. */
function memoryReporting(
  w: World,
  config: ReportingConfig,
  specs: readonly ProbeSpec[],
  podGraceSeconds: number | undefined,
): RunReporting {
  const reporter = new ResultReporter({
    sink: 'file',
    location: 'memory',
    results: w.results,
    events: w.events,
    identity: identityOf(config),
    labels: () => Promise.resolve({}),
    clock: w.clock,
    logger: captureLogger(w.lines, 'result'),
    retry: { attempts: 3, delayMs: 1000 },
    resetTimeoutMs: config.fault.resetTimeoutMs,
  });
  const reporting = {
    reporter,
    podGracePeriodSeconds: () => Promise.resolve(podGraceSeconds),
    begin: async (abort: AbortSignal) => {
      const runner = probeRunner(w, specs, abort);
      await reporter.start(
        specs.map(({ name, mode }) => ({ name, mode, type: 'cmdProbe' as const })),
      );
      return runner;
    },
  };
  return reporting;
}

/** The ChaosResult the run wrote. */
export function chaosResult(w: World): ChaosResultObject {
  const [found] = w.results.objects.values();
  if (found === undefined) throw new Error('no ChaosResult written');
  return found as unknown as ChaosResultObject;
}

export interface RunOptions {
  readonly env?: Environment;
  readonly probes?: readonly ProbeSpec[];
  /** The experiment pod's spec.terminationGracePeriodSeconds, as the Kubernetes sink reads it. */
  readonly podGraceSeconds?: number;
  /** The host script's builds; default: two tiny stand-ins. */
  readonly hostScripts?: HostScripts;
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
    reporting: (config) =>
      Promise.resolve(memoryReporting(w, config, options.probes ?? [], options.podGraceSeconds)),
    connect: (_config, scope) => {
      w.connects += 1;
      w.phasesAtConnect.push(scope.phaseOf());
      w.ssm.signalOf = scope.signalOf;
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
    hostScripts: () =>
      Promise.resolve(options.hostScripts ?? { full: HOST_SCRIPT, revert: HOST_SCRIPT_REVERT }),
    poll: { firstMs: 500, maxMs: 2000, factor: 1.5 },
  };
  return runExperiment(deps);
}
