import { awaitHealthy, viewHealth } from '../health/health-check.js';
import type { Experiment } from './experiment.js';
import type { StepEvent } from './record.js';

/**
 * DEFAULT_HEALTH_CHECK (ADR 0065): before the fault (not steady → nothing is injected, the
 * run is an Error) and after the revert (not steady → Fail). Yields the result for the run to
 * record; returns whether it is steady.
 */
export async function* checkHealth(
  run: Experiment,
  when: 'before' | 'after',
  taskArns: readonly string[],
): AsyncGenerator<StepEvent, boolean, undefined> {
  const { config, deps } = run;
  const aws = run.done.aws;
  if (!config.litmus.defaultHealthCheck || aws === undefined) return true;
  const { selection, clusterRef } = config.target;
  const service = selection.kind === 'service' ? selection.serviceName : selection.guardService;
  const { statusCheckDelaySeconds: delay, statusCheckTimeoutSeconds: timeout } = config.litmus;
  const result = await awaitHealthy(
    () => viewHealth(aws.ecs, clusterRef, service, taskArns),
    deps.clock,
    { delayMs: delay * 1000, timeoutMs: timeout * 1000 },
    run.halt,
  );
  yield { kind: 'health', when, result };
  const log = run.log;
  if (result.healthy) log.info(`health check ${when} the fault: steady`);
  else log.warn(`health check ${when} the fault: not steady`, { problems: result.problems });
  return result.healthy;
}
