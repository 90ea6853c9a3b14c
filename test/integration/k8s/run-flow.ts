// The Kubernetes side of one run, driven the way the `run` orchestrator drives it: the
// reporter and the probe runner from openReporting, phases in docs/design.md's order.
import type { Environment } from '../../../src/core/context.js';
import { loadRunConfig } from '../../../src/config/load-config.js';
import { cryptoRandom, systemClock } from '../../../src/core/clock.js';
import { openReporting, type Reporting } from '../../../src/reporting/open.js';
import type { KubernetesOptions } from '../../../src/k8s/sink.js';
import type { TargetCounters } from '../../../src/result/evidence.js';
import { decideOutcome, type Outcome } from '../../../src/result/outcome.js';
import { captureLogger } from '../../support/fakes/logger.js';

export const TASKS = [
  'arn:aws:ecs:us-east-1:123456789012:task/prod/0000000000000000000000000000000a',
  'arn:aws:ecs:us-east-1:123456789012:task/prod/0000000000000000000000000000000b',
];

export interface FlowResult {
  readonly reporting: Reporting;
  readonly outcome: Outcome;
  readonly lines: Record<string, unknown>[];
  readonly summary: string[];
}

export interface FlowOptions {
  readonly windowMs?: number;
  /** A signal arriving in the middle of the chaos window. */
  readonly signal?: 'SIGTERM' | 'SIGINT';
  /** Probe pods' logs, which the API server cannot serve without a node (ADR 0160). */
  readonly podLog?: KubernetesOptions['podLog'];
}

export async function runFlow(
  env: Environment,
  counters: TargetCounters['counters'][],
  options: FlowOptions = {},
): Promise<FlowResult> {
  const windowMs = options.windowMs ?? 800;
  const config = loadRunConfig(env, cryptoRandom);
  const { logger, lines } = captureLogger();
  const summary: string[] = [];
  const reporting = await openReporting(config, {
    env,
    clock: systemClock,
    logger,
    stderr: (line) => summary.push(line),
    kubernetes: {
      serviceAccountDir: '/nonexistent',
      reachTimeoutMs: 3000,
      ...(options.podLog === undefined ? {} : { podLog: options.podLog }),
    },
  });
  const { reporter } = reporting;
  const probes = await reporting.begin();
  const abort = new AbortController();
  const runner = reporting.probeRunner(probes, abort.signal);
  await reporter.setTargets(TASKS, 'targeted');
  await runner.preChaos();
  await reporter.phaseEvent('PreChaosCheck', 'AUT: Running, Probes: Successful');
  await reporter.setTargets(TASKS, 'injected');
  await reporter.phaseEvent(
    'ChaosInject',
    `Injecting ${config.litmus.experimentName} chaos on target tasks`,
  );
  const start = Date.now();
  runner.startOnChaos({ startMs: start, endMs: start + windowMs });
  // The window ends early when a stopOnFailure probe fails or a signal arrives.
  const cut = AbortSignal.any([runner.stopSignal, abort.signal]);
  if (options.signal !== undefined) {
    setTimeout(() => {
      abort.abort(options.signal);
    }, windowMs / 2);
  }
  await systemClock.sleep(windowMs, cut).catch(() => undefined);
  await reporter.setTargets(TASKS, 'reverted');
  await reporter.recordEvidence(
    TASKS.map((name, index) => ({ name, counters: counters[index] ?? null })),
  );
  if (cut.aborted) await runner.settle();
  else {
    await runner.postChaos();
    await reporter.phaseEvent('PostChaosCheck', 'AUT: Running, Probes: Successful');
  }
  const outcome = decideOutcome({
    injected: true,
    probes: runner.report(),
    ...(options.signal === undefined ? {} : { abortedBy: options.signal }),
  });
  await reporter.finish(outcome);
  return { reporting, outcome, lines, summary };
}
