import type { ReportingConfig } from '../config/run-config.js';
import type { Clock, Random } from '../core/clock.js';
import { draw } from '../core/clock.js';
import type { Logger } from '../log/logger.js';
import { checkProbeAccess } from '../probes/access.js';
import type { SourceCheckDeps } from '../probes/source-check.js';
import { loadProbes } from '../probes/source.js';
import type { ProbeDefinition } from '../probes/types.js';
import { NO_EXPERIMENT_POD, contextOf, type ExperimentPodContext } from '../probes/source-pod.js';
import { probeCommandScript } from '../probes/source-script.js';
import type { ProbeApi, ReportingSink } from '../k8s/sink.js';
import { messageOf } from '../core/message.js';

const RUN_ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** How often a probe pod's state is read while it starts and runs. */
const POD_POLL_MS = 500;

/** What source cmdProbes need, from the run's configuration and the sink's API (ADR 0160). */
export function sourceDeps(
  config: ReportingConfig,
  api: ProbeApi,
  deps: {
    readonly clock: Clock;
    readonly random: Random;
    readonly logger: Logger;
    readonly chaosUid: string;
  },
): SourceCheckDeps {
  let context: Promise<ExperimentPodContext> | undefined;
  return {
    pods: api.pods,
    clock: deps.clock,
    // Litmus's runID: six lower-case letters and digits.
    runId: () =>
      Array.from({ length: 6 }, () => RUN_ID_CHARS[draw(deps.random, RUN_ID_CHARS.length)]).join(
        '',
      ),
    experiment: config.litmus.experimentName,
    chaosUid: deps.chaosUid,
    defaultPullPolicy: config.fault.libImagePullPolicy,
    startupMs: config.litmus.statusCheckTimeoutSeconds * 1000,
    pollMs: POD_POLL_MS,
    context: () => {
      context ??= api
        .experimentPod()
        .then((pod) => (pod === undefined ? NO_EXPERIMENT_POD : contextOf(pod)));
      return context;
    },
    script: probeCommandScript,
    onRemoveFailure: (name, error) => {
      deps.logger.warn(`probe pod ${name} could not be deleted; delete it by hand`, {
        error: messageOf(error),
      });
    },
  };
}

/**
 * Start of run: the probes (ADR 0064), then the rights they need (checkProbeAccess). A
 * failure is returned, not thrown: the ChaosResult is written first, then the run ends
 * with it. Probes that loaded stay listed when only their rights are missing.
 */
export async function loadAndCheck(
  config: ReportingConfig,
  sink: ReportingSink,
  logger: Logger,
): Promise<{ readonly probes: readonly ProbeDefinition[]; readonly failure?: Error }> {
  const { chaosEngine: engine, chaosNamespace: namespace } = config.litmus;
  let found: { readonly probes: ProbeDefinition[]; readonly source: string };
  try {
    found = await loadProbes({
      engine,
      experiment: config.litmus.experimentName,
      probesFile: config.output.probesFile,
      readEngine: sink.readEngine,
    });
  } catch (error) {
    logger.info('probes: 0 from none');
    return { probes: [], failure: asError(error) };
  }
  logger.info(`probes: ${found.probes.length} from ${found.source}`, {
    probes: found.probes.map((probe) => `${probe.name} (${probe.type}, ${probe.mode})`),
  });
  const review = sink.probeApi?.review;
  if (review === undefined) return { probes: found.probes };
  try {
    await checkProbeAccess(found.probes, { engine, namespace }, review);
    return { probes: found.probes };
  } catch (error) {
    return { probes: found.probes, failure: asError(error) };
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
