import type { HostOutcome } from '../dispatch/host-outcome.js';
import { injectError, injectStep, logReady } from '../dispatch/inject.js';
import { revertError, revertPending } from '../dispatch/revert.js';
import { CommandRunner } from '../dispatch/runner.js';
import { ProxyWatch } from '../dispatch/watch.js';
import { stepDeadline, type DispatchPlan, type PlanStep } from '../experiment/plan.js';
import type { Experiment } from './experiment.js';
import type { StepEvent } from './record.js';
import { checkedPhase } from './check-event.js';
import { checkHealth } from './health.js';
import { holdLine } from './hold.js';
import { discover } from './preflight.js';
import { selectPhase } from './select.js';
import { followedAtScale } from './session.js';

const taskArns = (step: { readonly targets: readonly { readonly taskArn: string }[] }) => [
  ...new Set(step.targets.map((target) => target.taskArn)),
];

/** The run was halted (signal or a stopOnFailure probe): not an error of its own. */
export class Halted extends Error {
  constructor() {
    super('halted');
  }
}

/** Sleeps on the run's clock; rejects at once with Halted on abort or a probe's stop. */
async function wait(run: Experiment, ms: number): Promise<void> {
  if (run.halt.aborted) throw new Halted();
  if (ms > 0) {
    await run.deps.clock.sleep(ms, run.halt).catch(() => {
      throw new Halted();
    });
  }
}

type Steps<T = void> = AsyncGenerator<StepEvent, T, undefined>;

/**
 * Phases credentials → post-chaos, yielding what each did for the run to record (before
 * the next goes on). Throws on the first failure; the caller reverts.
 */
export async function* runSteps(run: Experiment): Steps {
  const { config, deps } = run;
  let log = run.enter('credentials');
  const scope = { phaseOf: () => run.phase, signalOf: () => run.awsSignal() };
  const session = await deps.connect(config, scope);
  const aws = followedAtScale(session, deps.clock, scope, config.aws.ssmCallsPerSecond);
  yield { kind: 'connected', aws };
  log.info(`acting as ${aws.identity.arn} (account ${aws.identity.account})`, {
    credentials: aws.source,
    userId: aws.identity.userId,
  });
  if (aws.warning !== undefined) log.warn(aws.warning);
  log = run.enter('preflight');
  const world = await discover(aws, config.target, log);
  log = run.enter('select');
  const hostScripts = await deps.hostScripts();
  const hostScript = hostScripts.full;
  const { selection, plan } = selectPhase(config, world, { ...deps, hostScript, logger: log });
  const runner = new CommandRunner({
    ...deps,
    ssm: aws.ssm,
    via: world.via,
    logger: log,
    fault: config.fault,
    hostScripts,
    maxCommandBytes: config.aws.maxCommandBytes,
  });
  yield { kind: 'armed', runner };
  const targeted = taskArns(selection);
  await run.reporter.setTargets(targeted, 'targeted');
  run.enter('pre-chaos');
  if (!(yield* checkHealth(run, 'before', targeted))) {
    await checkedPhase(run, 'PreChaosCheck', undefined);
    return;
  }
  await checkedPhase(run, 'PreChaosCheck', () => run.probes.preChaos());
  await ramp(run);
  for (const step of plan.steps) yield* runStep(run, plan, step);
  await ramp(run);
  run.enter('post-chaos');
  yield* checkHealth(run, 'after', targeted);
  await checkedPhase(run, 'PostChaosCheck', () => run.probes.postChaos());
}

async function ramp(run: Experiment): Promise<void> {
  const seconds = run.config.fault.rampSeconds;
  if (seconds === 0) return;
  run.enter('ramp').info(`waiting RAMP_TIME ${seconds} s`);
  await wait(run, seconds * 1000);
}

/** One step: inject, hold the window, revert. `serial` runs one per task, in turn. */
async function* runStep(run: Experiment, plan: DispatchPlan, step: PlanStep): Steps {
  const { config, deps } = run;
  const runner = run.done.runner;
  if (runner === undefined) throw new Error('no command runner before inject');
  const log = run.enter('inject');
  const deadlineMs = stepDeadline(plan, deps.clock.now());
  const label = `step ${step.index + 1} of ${plan.steps.length}`;
  log.info(
    `${label}: injecting on ${step.targets.length} target(s) until ${new Date(deadlineMs).toISOString()}`,
    {
      chaosIds: step.unitIds,
    },
  );
  const outcomes = await injectStep({
    runner,
    ledger: run.ledger,
    logger: log,
    region: config.aws.region,
    libImage: config.fault.libImage,
    drainSeconds: config.fault.drainSeconds,
    step,
    deadlineMs,
    untilMs: deadlineMs,
    signal: run.halt,
  });
  await wait(run, 0);
  const failures = outcomes.filter((outcome) => !outcome.ok);
  if (failures.length > 0) throw injectError(failures, outcomes.length);
  logReady(log, outcomes);
  if (step.index === plan.steps.length - 1) yield { kind: 'injected' };
  await run.reporter.setTargets(taskArns(step), 'injected');
  await run.reporter.phaseEvent(
    'ChaosInject',
    `Injecting ${config.litmus.experimentName} chaos on ${step.targets.length} target(s) (${label})`,
  );
  run.enter('chaos').info(`${label}: every proxy is ready; holding the window`);
  run.probes.startOnChaos({ startMs: deps.clock.now(), endMs: deadlineMs });
  const watch = yield* holdWindow(run, { runner, step, injected: outcomes, deadlineMs });
  try {
    yield* revertStep(run, step);
  } finally {
    yield { kind: 'held', holds: watch.stop() };
  }
}

/**
 * The window, while the watch looks at every proxy (ADR 0140). A halt stops the watch at
 * once and the run records what it saw; at the deadline the watch is handed back, its last
 * round free to land while the revert runs. Nothing of it is ever awaited.
 */
async function* holdWindow(
  run: Experiment,
  window: {
    readonly runner: CommandRunner;
    readonly step: PlanStep;
    readonly injected: readonly HostOutcome[];
    readonly deadlineMs: number;
  },
): Steps<ProxyWatch> {
  const { deps, config, log } = run;
  const watch = ProxyWatch.start({
    ...window,
    clock: deps.clock,
    logger: log,
    intervalMs: config.fault.watchIntervalSeconds * 1000,
    signal: run.halt,
    onStop: (hold) => {
      void run.reporter
        .faultWarning('FaultStoppedEarly', holdLine(hold))
        .catch((error: unknown) => {
          log.warn(`could not record the FaultStoppedEarly event: ${String(error)}`);
        });
    },
  });
  try {
    await wait(run, window.deadlineMs - deps.clock.now());
  } catch (error) {
    yield { kind: 'held', holds: watch.stop() };
    throw error;
  }
  return watch;
}

async function* revertStep(run: Experiment, step: PlanStep): Steps {
  const runner = run.done.runner;
  if (runner === undefined) return;
  const log = run.enter('revert');
  const untilMs = run.revertDeadline();
  const result = await run.withinRevert(untilMs, (signal) =>
    revertPending({ ...run.revertInput(runner, log, signal), untilMs }),
  );
  yield { kind: 'reverted', counters: result.counters };
  if (result.failures.length > 0) throw revertError(result.failures);
  log.info(`reverted ${step.targets.length} target(s)`, { chaosIds: step.unitIds });
  await run.reporter.setTargets(taskArns(step), 'reverted');
}
