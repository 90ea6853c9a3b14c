import type { Environment } from '../core/context.js';
import type { ReportingConfig } from '../config/run-config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../log/logger.js';
import { locateKubernetes } from '../k8s/locate.js';
import { cryptoRandom } from '../core/clock.js';
import type { Random } from '../core/clock.js';
import { checkFor } from '../probes/checks.js';
import { ProbeRunner } from '../probes/runner.js';
import type { SourceCheckDeps } from '../probes/source-check.js';
import type { ProbeDefinition } from '../probes/types.js';
import { JsonFileStore, eventsPathFor } from '../result/file-store.js';
import { identityOf, type ResultIdentity } from '../result/identity.js';
import type { SinkKind } from '../result/stores.js';
import { ResultReporter } from '../result/reporter.js';
import type { ChaosResultObject, EventObject, ProbeStatus } from '../result/types.js';
import { loadAndCheck, sourceDeps } from './probe-api.js';
import type { KubernetesOptions, ReportingSink } from '../k8s/sink.js';

export interface ReportingDeps {
  readonly env: Environment;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The human summary at the end, in file mode (stderr). */
  readonly stderr: (line: string) => void;
  /** Tests point these elsewhere; production leaves them unset. */
  readonly kubernetes?: KubernetesOptions;
  /** Names of probe pods; crypto randomness unless a test fixes it. */
  readonly random?: Random;
}

/** The orchestrator's handle on results, events and probes, whichever sink is in use. */
export interface Reporting {
  readonly sink: SinkKind;
  readonly reporter: ResultReporter;
  /**
   * Start of run: loads the probes, writes the ChaosResult (Running/Awaited, probes Awaited)
   * and the Awaited event. If the probes or the pod's labels could not be read, the result
   * is still written (without them) and the error is thrown for the run to end with.
   */
  begin(): Promise<readonly ProbeDefinition[]>;
  /** The pod's own grace period, when there is a pod to read (ADR 0150). */
  readonly podGracePeriodSeconds: () => Promise<number | undefined>;
  /** A ProbeRunner whose verdicts flow into the ChaosResult as they land. */
  probeRunner(probes: readonly ProbeDefinition[], abort: AbortSignal): ProbeRunner;
}

/** Picks the sink (ADR 0063), logs which, and wires the reporter and probe runner to it. */
export async function openReporting(
  config: ReportingConfig,
  deps: ReportingDeps,
): Promise<Reporting> {
  const identity = identityOf(config);
  // The run's own logger: its lines carry whatever phase the run is in when they are written.
  const logger = deps.logger;
  const kubernetes = await kubernetesSink(config, deps);
  const sink = kubernetes ?? fileSink(config.output.chaosResultFile);
  logger.info(`ChaosResult sink: ${sink.kind} (${sink.location})`, {
    sink: sink.kind,
    result: identity.resultName,
  });
  const reporter = reporterFor(config, deps, sink, identity);
  let sourced: SourceCheckDeps | undefined;
  const api = sink.probeApi;
  const source = (): SourceCheckDeps | undefined => {
    if (api === undefined) return undefined;
    const random = deps.random ?? cryptoRandom;
    sourced ??= sourceDeps(config, api, { ...deps, random, chaosUid: identity.chaosUid });
    return sourced;
  };
  return {
    sink: sink.kind,
    reporter,
    podGracePeriodSeconds: sink.podGracePeriodSeconds,
    begin: async () => {
      const { probes, failure } = await loadAndCheck(config, sink, logger);
      await reporter.start(probes);
      if (failure !== undefined) throw failure;
      return probes;
    },
    probeRunner: (probes, abort) =>
      new ProbeRunner({
        probes,
        checkFor: (probe) => checkFor(probe, { k8s: sink.k8s, source: source() }),
        ...(sink.probeApi?.stopEngine === undefined
          ? {}
          : { stopEngine: sink.probeApi.stopEngine }),
        clock: deps.clock,
        logger,
        abort,
        onChange: (statuses: readonly ProbeStatus[]) => {
          reporter.setProbeStatuses(statuses).catch((error: unknown) => {
            deps.logger.warn('could not write probe verdicts yet', { error: String(error) });
          });
        },
      }),
  };
}

/** The ResultReporter on the sink, retrying as STATUS_CHECK_DELAY/TIMEOUT say. */
function reporterFor(
  config: ReportingConfig,
  deps: ReportingDeps,
  sink: ReportingSink,
  identity: ResultIdentity,
): ResultReporter {
  const { statusCheckDelaySeconds: delay, statusCheckTimeoutSeconds: timeout } = config.litmus;
  return new ResultReporter({
    sink: sink.kind,
    location: sink.location,
    results: sink.results,
    events: sink.events,
    identity,
    labels: sink.labels,
    clock: deps.clock,
    logger: deps.logger,
    retry: { attempts: Math.max(2, Math.floor(timeout / delay)), delayMs: delay * 1000 },
    resetTimeoutMs: config.fault.resetTimeoutMs,
    ...(sink.kind === 'file' ? { summary: deps.stderr } : {}),
  });
}

/** The client is loaded only when there are credentials to use it with (ADR 0063). */
async function kubernetesSink(config: ReportingConfig, deps: ReportingDeps) {
  const dir = deps.kubernetes?.serviceAccountDir;
  const location = locateKubernetes(deps.env, dir === undefined ? {} : { serviceAccountDir: dir });
  if (location === undefined) {
    deps.logger.info(
      'no Kubernetes credentials (no in-cluster service account, KUBECONFIG or ~/.kube/config)',
    );
    return undefined;
  }
  const { openKubernetes } = await import('../k8s/open.js');
  return openKubernetes(config, location, deps.logger, deps.kubernetes);
}

function fileSink(path: string): ReportingSink {
  return {
    kind: 'file',
    location: `${path}, events in ${eventsPathFor(path)}`,
    results: new JsonFileStore<ChaosResultObject>(path, 'single'),
    events: new JsonFileStore<EventObject>(eventsPathFor(path), 'list'),
    labels: () => Promise.resolve({}),
    podGracePeriodSeconds: () => Promise.resolve(undefined),
    readEngine: undefined,
    k8s: undefined,
    probeApi: undefined,
  };
}
