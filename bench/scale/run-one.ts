/**
 * One scale run: the AWS emulator (in this process) with a world of N tasks on N/4
 * simulated hosts, the account's rate buckets and an API latency, then the real executor
 * (`bin/ecs-http-chaos run`, a child process) against it, its peak RSS sampled from /proc.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAwsEmulator, type KnobSettings } from '../../sandbox/emulator/index.js';
import {
  SCALE_CLUSTER,
  SCALE_PORT,
  SCALE_SERVICE,
  scaleFixture,
} from '../../sandbox/emulator/fixtures/scale.js';
import { awsRateLimitsWithSsm } from '../../sandbox/emulator/rate-limits.js';
import { ExecutorRun, emulatorAwsEnv } from '../../sandbox/world/executor.js';
import {
  attribute,
  field,
  modeOfComment,
  withCommandModes,
  type CallRecord,
  type Costs,
} from './attribute.js';
import { momentsOf, phaseMarks, secondsBetween } from './moments.js';

export type Polling = 'list' | 'get';

export interface ScaleSettings {
  readonly tasks: number;
  readonly instances: number;
  readonly windowS: number;
  readonly hostDelayMs: {
    readonly inject: number;
    readonly revert: number;
    readonly status: number;
  };
  readonly apiLatencyMs: number;
  /** `get`: ssm:ListCommandInvocations denied, as the published IAM policy may leave it. */
  readonly polling: Polling;
  /** SSM_COMMAND_MAX_BYTES of the run (ADR 0052). */
  readonly maxCommandBytes: number;
  /** SSM_CALLS_PER_SECOND of the run: its own pace per SSM action (ADR 0193). */
  readonly ssmCallsPerSecond: number;
  /** The emulator's assumed SSM rate per action (ADR 0190: 5), bursts of twice that. */
  readonly awsSsmPerSecond: number;
  /** Where the executor's JSON log of each run is written, if anywhere. */
  readonly logDir?: string | undefined;
}

export interface ScaleResult {
  readonly tasks: number;
  readonly instances: number;
  readonly polling: Polling;
  readonly windowS: number;
  readonly exitCode: number | null;
  readonly finished: string | null;
  readonly preflightS: number | null;
  /** Selection and the dispatch plan, command sizing included. */
  readonly selectS: number | null;
  readonly maxCommandBytes: number;
  readonly injectS: number | null;
  /** From the window's end (the step's deadline) to every target proven reverted. */
  readonly revertS: number | null;
  readonly peakRssMiB: number | null;
  readonly costs: Costs;
  readonly wallS: number;
}

/** VmHWM: the kernel's own high-water mark of the process's resident memory. */
function peakKiB(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

/** The run's last word, cut: an error naming 1,000 tasks would fill the terminal. */
function shortened(text: string): string | null {
  if (text === '') return null;
  return text.length <= 240 ? text : `${text.slice(0, 240)}… (${text.length} characters)`;
}

function knobsOf(settings: ScaleSettings): KnobSettings {
  return {
    rateLimits:
      settings.awsSsmPerSecond === 5 ? 'aws' : awsRateLimitsWithSsm(settings.awsSsmPerSecond),
    hostDelayMs: settings.hostDelayMs,
    latencyMs: settings.apiLatencyMs,
    ...(settings.polling === 'get' ? { deny: [{ action: 'ssm:ListCommandInvocations' }] } : {}),
  };
}

function executorEnv(endpoint: string, home: string, settings: ScaleSettings) {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    ...emulatorAwsEnv(endpoint),
    CLUSTER_NAME: SCALE_CLUSTER,
    REGION: 'us-east-1',
    SERVICE_NAME: SCALE_SERVICE,
    TASK_REPLICA_AFFECTED_PERC: '100',
    TARGET_SERVICE_PORT: String(SCALE_PORT),
    TOTAL_CHAOS_DURATION: String(settings.windowS),
    RESET_TIMEOUT: '1000',
    LIB_IMAGE: 'ecs-http-chaos:bench',
    INSTALL_DEPENDENCIES: 'false',
    PROXY_DRAIN_SECONDS: '1',
    LOG_FORMAT: 'json',
    CHAOS_RESULT_FILE: join(home, 'chaosresult.json'),
    SSM_COMMAND_MAX_BYTES: String(settings.maxCommandBytes),
    SSM_CALLS_PER_SECOND: String(settings.ssmCallsPerSecond),
  };
}

const jsonLines = (items: readonly unknown[]) =>
  items.map((item) => `${JSON.stringify(item)}\n`).join('');

const callLine = (record: CallRecord) => ({
  at: new Date(record.at).toISOString(),
  action: record.action,
  errorCode: record.errorCode ?? null,
  mode: modeOfComment(field(record.input, 'Comment')) ?? null,
});

/** Ctrl-C of the bench: the executor is killed, the emulator stopped, its folders removed. */
export async function runScale(settings: ScaleSettings, signal: AbortSignal): Promise<ScaleResult> {
  const started = Date.now();
  const fixture = scaleFixture({ tasks: settings.tasks, instances: settings.instances });
  const aws = await startAwsEmulator(fixture, knobsOf(settings));
  const home = await mkdtemp(join(tmpdir(), 'ehc-bench-scale-'));
  let peak = 0;
  try {
    const run = new ExecutorRun({
      env: executorEnv(aws.endpoint, home, settings),
      maxRunMs: (settings.windowS + 600) * 1000,
    });
    const sampler = setInterval(() => {
      peak = Math.max(peak, peakKiB(run.pid) ?? 0);
    }, 50);
    const kill = () => {
      run.kill('SIGKILL');
    };
    signal.addEventListener('abort', kill, { once: true });
    const result = await run.finished().finally(() => {
      clearInterval(sampler);
      signal.removeEventListener('abort', kill);
    });
    const records = withCommandModes(aws.requests.all(), aws.commands.all());
    if (settings.logDir !== undefined) {
      const name = `${settings.tasks}-${settings.polling}.jsonl`;
      await writeFile(join(settings.logDir, `run-${name}`), jsonLines(result.lines));
      // The calls as AWS saw them, for a timeline: when, which action, answer, mode.
      await writeFile(join(settings.logDir, `calls-${name}`), jsonLines(records.map(callLine)));
    }
    const moments = momentsOf(result.lines);
    return {
      tasks: settings.tasks,
      instances: settings.instances,
      polling: settings.polling,
      windowS: settings.windowS,
      exitCode: result.code,
      finished: shortened(moments.finished ?? result.stderr.trim()),
      preflightS: secondsBetween(moments.credentialsAt, moments.preflightAt),
      selectS: secondsBetween(moments.preflightAt, moments.selectAt),
      maxCommandBytes: settings.maxCommandBytes,
      injectS: secondsBetween(moments.injectAt, moments.readyAt),
      revertS: secondsBetween(moments.deadlineAt, moments.revertedAt),
      peakRssMiB: peak === 0 ? null : Math.round(peak / 102.4) / 10,
      costs: attribute(records, phaseMarks(result.lines)),
      wallS: Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    await aws.stop();
    await rm(home, { recursive: true, force: true });
  }
}
