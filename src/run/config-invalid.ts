import { EXIT } from '../core/context.js';
import type { ConfigInvalidError } from '../config/config-error.js';
import { loadReportingConfig } from '../config/reporting-config.js';
import { decideOutcome } from '../result/outcome.js';
import type { RunDeps } from './deps.js';
import { finishRun } from './exit-code.js';
import { NO_PROBES, type ProbeHooks, type RunReporter } from './reporting.js';

/**
 * A configuration error under Litmus (ADR 0153): when the identity variables are valid the
 * error lands in the ChaosResult as Error/CONFIG_INVALID with the same one line per
 * variable, so the engine shows it; the probes declared are listed N/A. No AWS client is
 * ever created: nothing is sent. Without CHAOSENGINE, or with an identity variable invalid,
 * there is nowhere to write and the run exits 2 as before.
 */
export async function reportConfigInvalid(
  deps: RunDeps,
  error: ConfigInvalidError,
): Promise<number> {
  const config = loadReportingConfig(deps.env, deps.random);
  if (config === undefined) return EXIT.invalid;
  const log = deps.logger(config.output).with({ chaosId: config.chaosId });
  log.error(error.message, error.toJSON());
  let reporter: RunReporter | undefined;
  let probes: ProbeHooks = NO_PROBES;
  try {
    const reporting = await deps.reporting(config, log);
    reporter = reporting.reporter;
    probes = await reporting.begin(deps.signal);
  } catch (failure) {
    // The result is written before begin() throws about the probes: still finish it.
    log.warn(`reporting the configuration error: ${String(failure)}`);
  }
  if (reporter === undefined) return EXIT.invalid;
  const outcome = decideOutcome({ injected: false, probes: probes.report(), error });
  return finishRun(reporter, log.forPhase('result'), outcome, true);
}
