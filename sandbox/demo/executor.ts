/**
 * `bin/ecs-http-chaos run` against the sandbox, as the chaos infrastructure would start it:
 * its own environment only, the emulator as AWS endpoint, the Kubernetes API (or the file
 * sink) for the result. Its log is shown as it comes, one condensed line per message, and
 * the moments the report needs (selection, injection, deadline, revert) are picked out.
 */
import { join } from 'node:path';
import { PHASES } from '../../src/errors/codes.js';
import {
  ExecutorRun,
  emulatorAwsEnv,
  newChaosUid,
  timeOf,
  type LogLine,
} from '../world/executor.js';
import { PORT, type Sandbox } from '../world/world.js';
import type { DemoKube } from './kube.js';
import { ENGINE, NAMESPACE } from './kube.js';
import type { Output } from './output.js';
import type { DemoSettings } from './settings.js';

export const SERVICE = 'web';
/** Longer than any sensible demo window; the run is SIGKILLed after it. */
const MAX_RUN_MS = 15 * 60_000;

export interface RunInputs {
  readonly settings: DemoSettings;
  readonly sandbox: Sandbox;
  readonly endpoint: string;
  /** The run's HOME and scratch folder. */
  readonly home: string;
  readonly kube: DemoKube | undefined;
  /** PROBES_FILE for the file sink; the ChaosEngine holds the probe otherwise. */
  readonly probesFile: string | undefined;
}

/** The moments of the run the report is measured against (ms since the epoch). */
export interface RunMoments {
  targets: string[];
  injectMs?: number;
  deadlineMs?: number;
  readyMs?: number;
  /** When the fault was gone: the revert's log line, else (after a signal) the run's exit. */
  revertedMs?: number;
  phase: string;
  /** The run was stopped by a signal (it logged in phase `abort`). */
  aborted: boolean;
}

export function resultFileOf(settings: DemoSettings): string {
  return join(settings.outDir, 'chaosresult.json');
}

export function executorEnv(inputs: RunInputs): Record<string, string> {
  const { settings, sandbox, kube } = inputs;
  const sink: Record<string, string> =
    kube === undefined
      ? { CHAOS_RESULT_FILE: resultFileOf(settings) }
      : {
          KUBECONFIG: kube.kubeconfig,
          CHAOSENGINE: ENGINE,
          CHAOS_NAMESPACE: NAMESPACE,
          CHAOS_UID: kube.engineUid,
        };
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: inputs.home,
    ...emulatorAwsEnv(inputs.endpoint),
    CLUSTER_NAME: sandbox.cluster,
    REGION: sandbox.region,
    SERVICE_NAME: SERVICE,
    TASK_REPLICA_AFFECTED_PERC: String(settings.affectedPercent),
    RESET_TIMEOUT: String(settings.resetTimeoutMs),
    TOTAL_CHAOS_DURATION: String(settings.windowSeconds),
    TOXICITY: String(settings.toxicity),
    TARGET_SERVICE_PORT: String(PORT),
    LIB_IMAGE: settings.image,
    // The image is already on every host: nothing to pull (there is no registry here).
    INSTALL_DEPENDENCIES: 'false',
    LOG_FORMAT: 'json',
    ...(kube === undefined ? { CHAOS_UID: newChaosUid('demo') } : {}),
    ...(inputs.probesFile === undefined ? {} : { PROBES_FILE: inputs.probesFile }),
    ...sink,
  };
}

/**
 * The run's phases in order up to its final report. Lines carry the run's live phase; the
 * demo still shows the furthest one seen so far, so a late line never moves it backwards.
 */
const RUN_PHASES: readonly string[] = PHASES.slice(0, PHASES.indexOf('result'));

function advance(current: string, line: LogLine): string {
  if (line.phase === 'result' && line.message.startsWith('finished:')) return 'result';
  if (line.phase === 'abort' || current === 'abort') return 'abort';
  const next = RUN_PHASES.indexOf(line.phase);
  return next > RUN_PHASES.indexOf(current) ? line.phase : current;
}

const short = (arn: unknown): string => String(arn).split('/').pop()?.slice(0, 8) ?? '';

/** Messages made readable for a newcomer; the raw lines stay in executor.log. */
function messageOf(line: LogLine): string {
  const targets = Array.isArray(line['targets']) ? line['targets'].length : 0;
  if (/^targets (targeted|injected|reverted)$/.test(line.message))
    return `ChaosResult: ${targets} target(s) ${line.message.slice('targets '.length)}`;
  if (line.message === 'fault evidence')
    return `fault evidence of task ${short(line['name'])}: ${String(line['connections'])} connections, ${String(line['resets'])} resets (effect ${String(line['effect'])})`;
  if (line.message === 'probe failed' || line.message === 'probe passed')
    return `${line.message}: ${String(line['probe'])}: ${String(line['description'])}`;
  if (line.message.startsWith('manual recovery for'))
    return `${line.message} (the command is in executor.log)`;
  if (typeof line['task'] === 'string') return `${line.message} (task ${short(line['task'])})`;
  return line.message;
}

/** One condensed line per log message: the run's phase, the level when not info, the message. */
export function describeLine(line: LogLine, phase: string): string | undefined {
  if (line.level === 'debug') return undefined;
  const level = line.level === 'info' ? '' : `${line.level.toUpperCase()} `;
  return `  run [${phase}] ${level}${messageOf(line)}`;
}

/** "step 1 of 1: injecting on 2 target(s) until <deadline>": the first one starts the fault. */
function observeInject(line: LogLine, moments: RunMoments): void {
  const until = / until (\d{4}-\S+)$/.exec(line.message);
  if (until === null || moments.injectMs !== undefined) return;
  moments.injectMs = timeOf(line);
  moments.deadlineMs = Date.parse(until[1] ?? '');
}

/** "selected 2 of 4 task(s) …": its targets name the tasks (other lines list only names). */
function observeSelect(line: LogLine, moments: RunMoments): void {
  if (!line.message.startsWith('selected ') || !Array.isArray(line['targets'])) return;
  moments.targets = (line['targets'] as { task?: unknown }[])
    .map((target) => String(target.task))
    .filter((arn, index, all) => all.indexOf(arn) === index);
}

const OBSERVERS: Readonly<Record<string, (line: LogLine, moments: RunMoments) => void>> = {
  inject: observeInject,
  select: observeSelect,
  chaos: (line, moments) => {
    if (line.message.includes('every proxy is ready')) moments.readyMs = timeOf(line);
  },
  revert: (line, moments) => {
    if (/^reverted \d+ target/.test(line.message)) moments.revertedMs = timeOf(line);
  },
};

function observe(line: LogLine, moments: RunMoments): void {
  moments.phase = advance(moments.phase, line);
  if (line.phase === 'abort') moments.aborted = true;
  OBSERVERS[line.phase]?.(line, moments);
}

export function startRun(
  inputs: RunInputs,
  out: Output,
): { run: ExecutorRun; moments: RunMoments; env: Record<string, string> } {
  const moments: RunMoments = { targets: [], phase: 'config', aborted: false };
  const env = executorEnv(inputs);
  const run = new ExecutorRun({
    env,
    ...(inputs.kube === undefined ? { resultFile: resultFileOf(inputs.settings) } : {}),
    maxRunMs: MAX_RUN_MS,
    onLine: (line) => {
      observe(line, moments);
      const text = describeLine(line, moments.phase);
      if (text !== undefined) out.line(text);
    },
  });
  return { run, moments, env };
}
