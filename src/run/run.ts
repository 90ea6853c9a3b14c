import { ConfigInvalidError } from '../config/config-error.js';
import { loadRunConfig } from '../config/load-config.js';
import type { RunConfig } from '../config/run-config.js';
import type { Logger } from '../log/logger.js';
import { reportConfigInvalid } from './config-invalid.js';
import type { RunDeps } from './deps.js';
import { Experiment } from './experiment.js';

/**
 * `ecs-http-chaos run`. Phase `config` first: every variable checked at once; anything
 * invalid is one line per variable on stderr and exit 2, before any AWS client exists, so
 * nothing is sent to AWS; under Litmus the same lines also land in the ChaosResult.
 */
export async function runExperiment(deps: RunDeps): Promise<number> {
  let config: RunConfig;
  try {
    config = loadRunConfig(deps.env, deps.random);
  } catch (error) {
    if (!(error instanceof ConfigInvalidError)) throw error;
    deps.stderr(`ecs-http-chaos run: [config] ${error.message}`);
    return reportConfigInvalid(deps, error);
  }
  const logger = deps.logger(config.output).with({ chaosId: config.chaosId });
  logConfig(config, logger);
  return new Experiment(config, deps, logger).execute();
}

function logConfig(config: RunConfig, logger: Logger): void {
  const { target, fault } = config;
  const selection =
    target.selection.kind === 'service'
      ? `${target.selection.affectedPercent}% of service ${target.selection.serviceName}`
      : `task(s) ${target.selection.taskIds.join(', ')}`;
  logger.info(`ECS container HTTP reset peer on ${selection} in cluster ${target.clusterRef}`, {
    region: target.region,
    targetPort: fault.targetPort,
    proxyPort: fault.proxyPort,
    resetTimeoutMs: fault.resetTimeoutMs,
    toxicity: fault.toxicity,
    durationSeconds: fault.durationSeconds,
    sequence: fault.sequence,
    rampSeconds: fault.rampSeconds,
    libImage: fault.libImage,
  });
  for (const notice of config.notices) logger.warn(notice);
}
