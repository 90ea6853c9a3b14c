import type { Environment } from '../core/context.js';
import type { ReportingConfig } from '../config/run-config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../log/logger.js';
import { openReporting } from '../reporting/open.js';
import type { RunReporting } from './reporting.js';

/** The production sink: the Kubernetes API when one answers, else CHAOS_RESULT_FILE. */
export async function openRunReporting(
  config: ReportingConfig,
  deps: {
    readonly env: Environment;
    readonly clock: Clock;
    readonly logger: Logger;
    readonly stderr: (line: string) => void;
  },
): Promise<RunReporting> {
  const reporting = await openReporting(config, deps);
  return {
    reporter: reporting.reporter,
    podGracePeriodSeconds: reporting.podGracePeriodSeconds,
    begin: async (abort) => reporting.probeRunner(await reporting.begin(), abort),
  };
}
