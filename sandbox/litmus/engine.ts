// The sample ChaosEngine (experiments/…/engine.yaml) as a platform team adapts it, applied
// to the node, read back, and waited for until the operator's last word (outcome.ts reads
// what it left).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { repositoryRoot } from '../kube/paths.js';
import { waitUntil } from '../kube/wait.js';
import { EXPERIMENT } from './namespace.js';
import type { LitmusWorld } from './world.js';

export const LITMUS = { group: 'litmuschaos.io', version: 'v1alpha1' } as const;
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
  /** stopOnFailure on the httpProbe: when it fails the run stops its engine (ADR 0162). */
  readonly stopOnFailure?: boolean;
}

/** A probe of the sample at the sandbox's load balancer and Prometheus, polled faster. */
function pointProbe(world: LitmusWorld, probe: Probe, edits: EngineEdits): void {
  // The sample polls every few seconds of a two-minute window; these windows are seconds.
  Object.assign(probe.runProperties, { interval: '500ms', probePollingInterval: '1s' });
  const http = probe['httpProbe/inputs'];
  if (http !== undefined) {
    http.url = `${world.balancer.url}${edits.probePath}`;
    if (edits.stopOnFailure === true) probe.runProperties['stopOnFailure'] = true;
  }
  const prom = probe['promProbe/inputs'];
  if (prom !== undefined) prom.endpoint = world.prometheus.url;
}

/** The sample engine with the sandbox's cluster, region, service, probe URL and endpoints. */
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
    CLUSTER_NAME: world.sandbox.cluster,
    REGION: world.sandbox.region,
    SERVICE_NAME: world.sandbox.services[0]?.name ?? '',
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
  for (const probe of experiment.spec.probe) pointProbe(world, probe, edits);
  return engine;
}

export const custom = (world: LitmusWorld) => world.node.api.admin.makeApiClient(CustomObjectsApi);

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

export type FinalState = 'completed' | 'stopped';

/** The operator's last word: engineStatus `completed` or `stopped` (one of `states`). */
export async function waitForEngine(
  world: LitmusWorld,
  engine: Engine,
  states: FinalState | readonly FinalState[],
  timeoutMs = 240_000,
): Promise<Json> {
  const wanted: readonly unknown[] = typeof states === 'string' ? [states] : states;
  let last: Json = {};
  await waitUntil(
    `ChaosEngine ${engine.metadata.namespace}/${engine.metadata.name} ${wanted.join(' or ')}`,
    async () => {
      last = await readEngine(world, engine);
      return wanted.includes(engineStatus(last)['engineStatus']);
    },
    { timeoutMs, intervalMs: 1_000 },
  );
  return last;
}
