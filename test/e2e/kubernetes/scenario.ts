// One run of the real CLI as the Litmus chaos runner starts it, against the executor e2e
// world (two dockerd test hosts, real task containers, the AWS emulator): the runner's
// environment, slow clients on the targeted tasks so the fault has something to reset, and
// what is left on the hosts afterwards.
import { startAwsEmulator, type AwsEmulator } from '../../../sandbox/emulator/index.js';
import { CliRun, type LogLine, type RunResult } from '../executor/cli.js';
import { leftovers, sweep } from '../../../sandbox/world/leftovers.js';
import { Client } from '../../../sandbox/world/traffic.js';
import { fixtureOf, PORT, type World } from '../executor/world.js';
import type { EmulatorFixture } from '../../../sandbox/emulator/fixture.js';
import { ENGINE, EXPERIMENT, POD, type LitmusNamespace } from './litmus.js';

/** Connections live this long before the proxy resets them. */
export const RESET_TIMEOUT_MS = 500;
export const WINDOW_S = 6;

export const url = (task: { readonly ip: string }, path = '/'): string =>
  `http://${task.ip}:${PORT}${path}`;

/** Requests that outlive RESET_TIMEOUT on every targeted task: the fault resets them. */
export const SLOW = `/slow?ms=${RESET_TIMEOUT_MS * 2}`;

/** The chaos runner's environment for our pod, pointed at the ServiceAccount's kubeconfig. */
export function runnerEnv(
  litmus: LitmusNamespace | undefined,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    SERVICE_NAME: 'web',
    EXPERIMENT_NAME: EXPERIMENT,
    CHAOSENGINE: ENGINE,
    POD_NAME: POD,
    RESET_TIMEOUT: String(RESET_TIMEOUT_MS),
    TOTAL_CHAOS_DURATION: String(WINDOW_S),
    TERMINATION_GRACE_PERIOD_SECONDS: '20',
    STATUS_CHECK_DELAY: '1',
    STATUS_CHECK_TIMEOUT: '2',
    ...(litmus === undefined
      ? {}
      : {
          KUBECONFIG: litmus.kubeconfig,
          CHAOS_NAMESPACE: litmus.namespace,
          CHAOS_UID: litmus.engineUid,
        }),
    ...extra,
  };
}

export interface Scenario {
  /** Changes the emulator's world before the run (an instance offline, a task short). */
  readonly fixture?: (fixture: EmulatorFixture) => EmulatorFixture;
  /** Called on the first line that says the fault is in place on every target. */
  readonly onReady?: (run: CliRun, aws: AwsEmulator) => void;
  readonly env: Record<string, string>;
}

export interface Ran {
  readonly result: RunResult;
  readonly aws: AwsEmulator;
  /** What of ours the run left on the hosts (containers, tagged rules): must be empty. */
  readonly left: readonly string[];
  readonly sendCommands: number;
}

export const isReady = (line: LogLine): boolean =>
  line.phase === 'chaos' && line.message.includes('every proxy is ready');

/**
 * The run, with one slow client per targeted task, then a sweep of the hosts whatever
 * happened. The emulator is stopped afterwards; its request log stays readable.
 */
export async function runScenario(world: World, scenario: Scenario): Promise<Ran> {
  const base = fixtureOf(world);
  const aws = await startAwsEmulator(scenario.fixture?.(base) ?? base);
  const clients = world.web.tasks.map(
    (task) => new Client(url(task, SLOW), { everyMs: 100, timeoutMs: 30_000, maxMs: 120_000 }),
  );
  try {
    const run = await CliRun.start(aws.endpoint, scenario.env);
    if (scenario.onReady !== undefined) {
      const onReady = scenario.onReady;
      run
        .waitFor('every proxy is ready', isReady, 60_000)
        .then(() => {
          onReady(run, aws);
        })
        .catch(() => undefined);
    }
    const result = await run.finished();
    const left = await leftovers(world.hosts.instances, [...world.web.tasks, ...world.other.tasks]);
    return { result, aws, left, sendCommands: aws.requests.count('ssm:SendCommand') };
  } finally {
    await Promise.all(clients.map((client) => client.stop()));
    await aws.stop();
    await sweep(world.hosts.instances);
  }
}

/** Log lines that mention `text` (message or fields), for error messages in the output. */
export function linesWith(result: RunResult, text: string): LogLine[] {
  return result.lines.filter((line) => JSON.stringify(line).includes(text));
}

export interface ProbeOptions {
  readonly stopOnFailure?: boolean;
  readonly probeTimeout?: string;
  readonly initialDelay?: string;
}

/** An httpProbe as users declare it in the ChaosEngine: GET, status == 200. */
export function httpProbe(
  name: string,
  mode: 'SOT' | 'EOT' | 'Edge' | 'Continuous' | 'OnChaos',
  target: string,
  options: ProbeOptions = {},
): object {
  return {
    name,
    type: 'httpProbe',
    mode,
    runProperties: {
      probeTimeout: options.probeTimeout ?? '2s',
      interval: '200ms',
      attempt: 1,
      probePollingInterval: '500ms',
      ...(options.stopOnFailure === undefined ? {} : { stopOnFailure: options.stopOnFailure }),
      ...(options.initialDelay === undefined ? {} : { initialDelay: options.initialDelay }),
    },
    'httpProbe/inputs': {
      url: target,
      insecureSkipVerify: false,
      method: { get: { criteria: '==', responseCode: '200' } },
    },
  };
}
