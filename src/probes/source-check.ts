import type { Clock } from '../core/clock.js';
import type { ProbeCheck } from './evaluate.js';
import { viewOf } from './pod-view.js';
import { ProbeError, unrunnable } from './probe-error.js';
import { probeContainerName, probePod, type ExperimentPodContext } from './source-pod.js';
import type { CheckResult, CmdProbeInputs, ProbeSource } from './types.js';

type Json = Readonly<Record<string, unknown>>;

/** The Kubernetes API as a source probe needs it (src/k8s/ implements it). */
export interface ProbePodPort {
  /** Creates the pod; a refusal is a ProbeError naming the permission or the field. */
  create(pod: Json, signal: AbortSignal): Promise<void>;
  /** The pod as JSON, undefined once it is gone. */
  read(name: string, signal: AbortSignal): Promise<unknown>;
  /** Deletes it at once (grace 0); already gone is fine. */
  remove(name: string, signal: AbortSignal): Promise<void>;
  /** The container's log: the command's stdout. Needs a node: tests fake this one. */
  log(name: string, container: string, signal: AbortSignal): Promise<string>;
}

export interface SourceCheckDeps {
  readonly pods: ProbePodPort;
  readonly clock: Clock;
  /** A fresh run id per pod: `<experiment>-probe-<runId>`, as litmus-go names them. */
  readonly runId: () => string;
  readonly experiment: string;
  readonly chaosUid: string;
  readonly defaultPullPolicy: string;
  /** STATUS_CHECK_TIMEOUT: how long a pod may take to start (Litmus waits as long). */
  readonly startupMs: number;
  readonly pollMs: number;
  readonly context: () => Promise<ExperimentPodContext>;
  readonly script: () => Promise<string>;
  readonly onRemoveFailure: (name: string, error: unknown) => void;
}

const REMOVE_TIMEOUT_MS = 10_000;
const DEADLINE_MARGIN_S = 30;

/**
 * A cmdProbe with `source` (ADR 0160): each try is one pod of the source image running
 * the command once. probeTimeout counts from when the container runs, not from the pod's
 * creation (scheduling and pulling get STATUS_CHECK_TIMEOUT, as Litmus gives its pod). The
 * pod is deleted on every way out of the try: its end, a timeout, an error, the run's abort.
 */
export function sourceCheck(
  inputs: CmdProbeInputs,
  source: ProbeSource,
  probeTimeoutMs: number,
  deps: SourceCheckDeps,
): ProbeCheck {
  const check = async (signal: AbortSignal): Promise<CheckResult> => {
    const name = `${deps.experiment}-probe-${deps.runId()}`;
    const pod = probePod({
      name,
      experiment: deps.experiment,
      chaosUid: deps.chaosUid,
      source,
      command: inputs.command,
      defaultPullPolicy: deps.defaultPullPolicy,
      context: await deps.context(),
      activeDeadlineSeconds:
        Math.ceil((deps.startupMs + probeTimeoutMs) / 1000) + DEADLINE_MARGIN_S,
      script: await deps.script(),
    });
    try {
      await deps.pods.create(pod, signal);
      return await outcome(name, inputs, { source, probeTimeoutMs, deps, signal });
    } finally {
      await deps.pods
        .remove(name, AbortSignal.timeout(REMOVE_TIMEOUT_MS))
        .catch((error: unknown) => {
          deps.onRemoveFailure(name, error);
        });
    }
  };
  return Object.assign(check, { startupMs: deps.startupMs });
}

interface Try {
  readonly source: ProbeSource;
  readonly probeTimeoutMs: number;
  readonly deps: SourceCheckDeps;
  readonly signal: AbortSignal;
}

async function outcome(name: string, inputs: CmdProbeInputs, at: Try): Promise<CheckResult> {
  const ended = await waitForEnd(name, at);
  const where = `pod ${name}`;
  if (ended === 'timed out') {
    return {
      ok: false,
      description: `${where}: timed out after ${at.probeTimeoutMs} ms (probeTimeout)`,
    };
  }
  const image = `the source image ${at.source.image}`;
  const cannot = unrunnable(ended.exitCode, ended.message, image) ?? startFailure(ended, image);
  if (cannot !== undefined) throw cannot;
  if (ended.exitCode !== 0) {
    const said = ended.message.trim() === '' ? '' : `: ${ended.message.trim().slice(-300)}`;
    return {
      ok: false,
      description: `${where}: command failed (exit status ${ended.exitCode})${said}`,
    };
  }
  const container = probeContainerName(at.deps.experiment);
  const stdout = await at.deps.pods.log(name, container, at.signal);
  return inputs.comparator.test(stdout.trim());
}

/** The runtime could not start the shell at all (exit 128, StartError). */
function startFailure(
  ended: { readonly exitCode: number; readonly reason: string; readonly message: string },
  image: string,
): ProbeError | undefined {
  if (
    ended.exitCode !== 128 &&
    ended.reason !== 'StartError' &&
    ended.reason !== 'ContainerCannotRun'
  ) {
    return undefined;
  }
  return new ProbeError(
    `${image} could not start /bin/sh (${ended.reason || `exit ${ended.exitCode}`}${ended.message === '' ? '' : `: ${ended.message.slice(0, 300)}`})`,
    'Use a source image that has /bin/sh: Litmus runs the command with sh -c too',
  );
}

type Ended = { readonly exitCode: number; readonly reason: string; readonly message: string };

/** Polls the pod until its container ends, probeTimeout passes, or it cannot start. */
async function waitForEnd(name: string, at: Try): Promise<Ended | 'timed out'> {
  const { clock, startupMs, pollMs, pods } = at.deps;
  const startBy = clock.now() + startupMs;
  let runBy: number | undefined;
  for (;;) {
    const view = viewOf(await pods.read(name, at.signal));
    if (view.state === 'terminated') return view;
    if (view.state === 'gone') {
      throw new ProbeError(
        `probe pod ${name} was deleted before its command ended`,
        'See who deleted it: an engine stop deletes every pod of the run',
      );
    }
    if (view.state === 'cannot-start') {
      throw new ProbeError(
        `probe pod ${name} cannot run: ${view.why}`,
        `Check source.image (${at.source.image}), source.imagePullPolicy and source.imagePullSecrets`,
      );
    }
    const now = clock.now();
    if (view.state === 'running') {
      runBy ??= now + at.probeTimeoutMs;
      if (now >= runBy) return 'timed out';
    } else if (now >= startBy) {
      throw new ProbeError(
        `probe pod ${name} did not start within ${Math.round(startupMs / 1000)} s (STATUS_CHECK_TIMEOUT): ${view.why}`,
        'Make the source image pullable and the pod schedulable (nodeSelector, tolerations, resources), or raise STATUS_CHECK_TIMEOUT',
      );
    }
    await clock.sleep(pollMs, at.signal);
  }
}
