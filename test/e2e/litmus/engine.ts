// The sample ChaosEngine (experiments/…/engine.yaml) as a platform team adapts it, applied
// to the node, and what Litmus and the run leave behind once the operator is done with it:
// the engine's status, the ChaosResult, the experiment pods and Jobs, the runner's and the
// experiment's logs read through the API (as `kubectl logs` does), and the AWS side.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type V1Job,
  type V1Pod,
} from '@kubernetes/client-node';
import { parse } from 'yaml';
import { repositoryRoot } from '../../support/kube/paths.js';
import { waitUntil } from '../../support/kube/wait.js';
import { CLUSTER, REGION } from '../executor/world.js';
import { EXPERIMENT } from './namespace.js';
import type { LitmusWorld } from './world.js';

const LITMUS = { group: 'litmuschaos.io', version: 'v1alpha1' } as const;
export const RESET_TIMEOUT_MS = 500;
export const WINDOW_S = 8;

export type Json = Record<string, unknown>;
interface EnvVar {
  name: string;
  value: string;
}
interface Probe {
  name: string;
  type: string;
  runProperties: Record<string, unknown>;
  'httpProbe/inputs'?: { url: string };
  'promProbe/inputs'?: { endpoint: string };
}
export interface Engine {
  metadata: { name: string; namespace: string };
  spec: {
    engineState: string;
    terminationGracePeriodSeconds?: number;
    jobCleanUpPolicy?: string;
    experiments: {
      name: string;
      spec: {
        components: { env: EnvVar[]; statusCheckTimeouts?: { delay: number; timeout: number } };
        probe: Probe[];
      };
    }[];
  };
}

export interface EngineEdits {
  /** What the httpProbe asks of the service through its load balancer. */
  readonly probePath: string;
  /** Tunables on top of the test's cluster, region, service, timing and AWS endpoint. */
  readonly env?: Readonly<Record<string, string>>;
  /** As users usually leave it: no terminationGracePeriodSeconds in the engine. */
  readonly withoutGracePeriod?: boolean;
  readonly jobCleanUpPolicy?: 'retain' | 'delete';
  /** How long the runner looks for the experiment pod (its default is 180 s). */
  readonly statusCheckTimeoutS?: number;
}

/** The sample engine with the test's cluster, region, service, probe URL and endpoints. */
export async function sampleEngine(
  world: LitmusWorld,
  namespace: string,
  edits: EngineEdits,
): Promise<Engine> {
  const file = join(repositoryRoot(), 'experiments', EXPERIMENT, 'engine.yaml');
  const engine = parse(await readFile(file, 'utf8')) as Engine;
  engine.metadata.namespace = namespace;
  if (edits.withoutGracePeriod === true) delete engine.spec.terminationGracePeriodSeconds;
  if (edits.jobCleanUpPolicy !== undefined) engine.spec.jobCleanUpPolicy = edits.jobCleanUpPolicy;
  const experiment = engine.spec.experiments[0]!;
  if (edits.statusCheckTimeoutS !== undefined) {
    experiment.spec.components.statusCheckTimeouts = {
      delay: 2,
      timeout: edits.statusCheckTimeoutS,
    };
  }
  const values: Record<string, string> = {
    CLUSTER_NAME: CLUSTER,
    REGION,
    SERVICE_NAME: 'web',
    RESET_TIMEOUT: String(RESET_TIMEOUT_MS),
    TOTAL_CHAOS_DURATION: String(WINDOW_S),
    AWS_ENDPOINT_URL: world.aws.endpoint,
    ...edits.env,
  };
  const env = experiment.spec.components.env.filter((entry) => !(entry.name in values));
  experiment.spec.components.env = [
    ...env,
    ...Object.entries(values).map(([name, value]) => ({ name, value })),
  ];
  for (const probe of experiment.spec.probe) {
    // The sample polls every few seconds of a two-minute window; these windows are seconds.
    Object.assign(probe.runProperties, { interval: '500ms', probePollingInterval: '1s' });
    const http = probe['httpProbe/inputs'];
    if (http !== undefined) http.url = `${world.balancer.url}${edits.probePath}`;
    const prom = probe['promProbe/inputs'];
    if (prom !== undefined) prom.endpoint = world.prometheus.url;
  }
  return engine;
}

const custom = (world: LitmusWorld) => world.node.api.admin.makeApiClient(CustomObjectsApi);

/** Creates the engine; returns its uid (CHAOS_UID, the prefix of the run's chaos ids). */
export async function applyEngine(world: LitmusWorld, engine: Engine): Promise<string> {
  const created = (await custom(world).createNamespacedCustomObject({
    ...LITMUS,
    namespace: engine.metadata.namespace,
    plural: 'chaosengines',
    body: { apiVersion: 'litmuschaos.io/v1alpha1', kind: 'ChaosEngine', ...engine },
  })) as { metadata: { uid: string } };
  return created.metadata.uid;
}

export async function readEngine(world: LitmusWorld, engine: Engine): Promise<Json> {
  const { name, namespace } = engine.metadata;
  return (await custom(world).getNamespacedCustomObject({
    ...LITMUS,
    namespace,
    plural: 'chaosengines',
    name,
  })) as Json;
}

export const engineStatus = (object: Json): Json => (object['status'] ?? {}) as Json;

/** The operator's last word: engineStatus `completed` or `stopped`. */
export async function waitForEngine(
  world: LitmusWorld,
  engine: Engine,
  status: 'completed' | 'stopped',
  timeoutMs = 240_000,
): Promise<Json> {
  let last: Json = {};
  await waitUntil(
    `ChaosEngine ${engine.metadata.namespace}/${engine.metadata.name} ${status}`,
    async () => {
      last = await readEngine(world, engine);
      return engineStatus(last)['engineStatus'] === status;
    },
    { timeoutMs, intervalMs: 1_000 },
  );
  return last;
}

export interface EngineOutcome {
  readonly engine: Json;
  readonly result: Json | undefined;
  /** The experiment's pods (label name=ecs-container-http-reset-peer), oldest first. */
  readonly experimentPods: readonly V1Pod[];
  readonly jobs: readonly V1Job[];
  /** The runner's log and each experiment pod's, as the API serves them. */
  readonly runnerLog: string;
  readonly experimentLogs: readonly string[];
}

async function logOf(world: LitmusWorld, namespace: string, name: string): Promise<string> {
  const core = world.node.api.admin.makeApiClient(CoreV1Api);
  return core.readNamespacedPodLog({ namespace, name }).catch((error: unknown) => {
    return `(no log: ${error instanceof Error ? error.message : String(error)})`;
  });
}

export async function outcomeOf(world: LitmusWorld, engine: Engine): Promise<EngineOutcome> {
  const { name, namespace } = engine.metadata;
  const core = world.node.api.admin.makeApiClient(CoreV1Api);
  const pods = await core.listNamespacedPod({ namespace, labelSelector: `name=${EXPERIMENT}` });
  const experimentPods = [...pods.items].sort(
    (a, b) =>
      (a.metadata?.creationTimestamp?.getTime() ?? 0) -
      (b.metadata?.creationTimestamp?.getTime() ?? 0),
  );
  const jobs = await world.node.api.admin
    .makeApiClient(BatchV1Api)
    .listNamespacedJob({ namespace });
  const result = (await custom(world)
    .getNamespacedCustomObject({
      ...LITMUS,
      namespace,
      plural: 'chaosresults',
      name: `${name}-${EXPERIMENT}`,
    })
    .catch(() => undefined)) as Json | undefined;
  return {
    engine: await readEngine(world, engine),
    result,
    experimentPods,
    jobs: jobs.items,
    runnerLog: await logOf(world, namespace, `${name}-runner`),
    experimentLogs: await Promise.all(
      experimentPods.map((pod) => logOf(world, namespace, pod.metadata?.name ?? '')),
    ),
  };
}

/** SSM commands of one engine's runs (their chaos ids start with its uid), by mode. */
export function commandsOf(world: LitmusWorld, engineUid: string, mode: string): number {
  return world.aws.commands
    .all()
    .filter((command) => command.comment.startsWith(`ecs-http-chaos ${mode} ${engineUid}`)).length;
}
