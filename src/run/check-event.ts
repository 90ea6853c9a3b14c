import { checkEvent, probesPassed } from '../result/final-events.js';
import type { Experiment } from './experiment.js';

/**
 * PreChaosCheck / PostChaosCheck as litmus-go emits them, after the checks: "AUT: Running,
 * Probes: Successful" (Normal), "…Probes: Unsuccessful" or "AUT: Not Running" (Warning).
 * Probes that throw (an error, not a failure) still leave the Warning behind them.
 */
export async function checkedPhase(
  run: Experiment,
  reason: 'PreChaosCheck' | 'PostChaosCheck',
  probes: (() => Promise<void>) | undefined,
): Promise<void> {
  const steady = (reason === 'PreChaosCheck' ? run.done.health.before : run.done.health.after)
    ?.healthy;
  try {
    await probes?.();
  } catch (error) {
    await emit(run, reason, steady !== false, false);
    throw error;
  }
  // Probes that did not run (the service was not steady) are not reported on.
  const passed = probes === undefined ? undefined : probesPassed(run.probes.report().statuses);
  await emit(run, reason, steady !== false, passed);
}

async function emit(
  run: Experiment,
  reason: 'PreChaosCheck' | 'PostChaosCheck',
  steady: boolean,
  passed: boolean | undefined,
): Promise<void> {
  const hasProbes = run.probes.report().statuses.length > 0;
  const { type, message } = checkEvent({ steady, probesPassed: hasProbes ? passed : undefined });
  await run.reporter.phaseEvent(reason, message, type);
}
