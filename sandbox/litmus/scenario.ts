// One ChaosEngine run under the real Litmus control plane, from `helm install` to the
// operator's last word, with slow clients on the service so the fault has connections to
// reset, and what it left on the ECS hosts.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import type { Without } from '../kube/identities.js';
import { repositoryRoot } from '../kube/paths.js';
import { waitUntil } from '../kube/wait.js';
import { leftovers } from '../world/leftovers.js';
import { Client } from '../world/traffic.js';
import {
  RESET_TIMEOUT_MS,
  applyEngine,
  engineStatus,
  readEngine,
  sampleEngine,
  waitForEngine,
  type Engine,
  type EngineEdits,
  type FinalState,
  type Json,
} from './engine.js';
import { chartNamespace } from './namespace.js';
import { commandsOf, outcomeOf, type EngineOutcome } from './outcome.js';
import type { LitmusWorld } from './world.js';

export { annotateResult, stopEngine } from './actions.js';

export interface Ran extends EngineOutcome {
  readonly namespace: string;
  readonly injects: number;
  readonly reverts: number;
  /** Every request the AWS emulator received during the run. */
  readonly awsRequests: number;
  /** What of ours is left on the hosts (containers, tagged rules): must be empty. */
  readonly left: readonly string[];
}

export interface RunOptions extends EngineEdits {
  readonly until?: FinalState | readonly FinalState[];
  /** The chart's Role minus this permission. */
  readonly without?: Without;
  /** After the first run, run the same engine again as users do (engineState active). */
  readonly again?: boolean;
  /** Slow clients on the service during the run (default: yes). */
  readonly traffic?: boolean;
  /** How long their requests last: longer than RESET_TIMEOUT (default twice the tests'). */
  readonly slowMs?: number;
  /** Called once the engine exists (e.g. to watch it). */
  readonly onApplied?: (engine: Engine) => void;
  /** Where the engine, result and logs are kept (default .tmp/litmus-e2e/<label>). */
  readonly keepIn?: string;
  /** Called once the ChaosResult says every target is injected. */
  readonly inWindow?: (engine: Engine) => Promise<void>;
}

export const resultStatus = (ran: EngineOutcome): Json => (ran.result?.['status'] ?? {}) as Json;
export const verdictOf = (ran: EngineOutcome): unknown =>
  ((resultStatus(ran)['experimentStatus'] ?? {}) as Json)['verdict'];

/** The ChaosResult's targets all `injected` (the run writes it right after the inject). */
async function waitForInjected(world: LitmusWorld, engine: Engine): Promise<void> {
  const custom = world.node.api.admin.makeApiClient(CustomObjectsApi);
  await waitUntil(
    'every target injected',
    async () => {
      const result = (await custom.getNamespacedCustomObject({
        group: 'litmuschaos.io',
        version: 'v1alpha1',
        namespace: engine.metadata.namespace,
        plural: 'chaosresults',
        name: `${engine.metadata.name}-ecs-container-http-reset-peer`,
      })) as { status?: { history?: { targets?: { chaosStatus: string }[] } } };
      const targets = result.status?.history?.targets ?? [];
      return targets.length > 0 && targets.every((target) => target.chaosStatus === 'injected');
    },
    { timeoutMs: 180_000, intervalMs: 500 },
  );
}

/** A finished engine again: its old pods gone (`kubectl delete`), then engineState active. */
async function runAgain(world: LitmusWorld, engine: Engine): Promise<void> {
  const uid = ((await readEngine(world, engine))['metadata'] as Json)['uid'] as string;
  const core = world.node.api.admin.makeApiClient(CoreV1Api);
  const { namespace } = engine.metadata;
  await core.deleteCollectionNamespacedPod({ namespace, labelSelector: `chaosUID=${uid}` });
  await waitUntil(
    "the finished run's pods gone",
    async () =>
      (await core.listNamespacedPod({ namespace, labelSelector: `chaosUID=${uid}` })).items
        .length === 0,
    { timeoutMs: 60_000, intervalMs: 500 },
  );
  const current = await readEngine(world, engine);
  (current['spec'] as Json)['engineState'] = 'active';
  await world.node.api.admin.makeApiClient(CustomObjectsApi).replaceNamespacedCustomObject({
    group: 'litmuschaos.io',
    version: 'v1alpha1',
    namespace,
    plural: 'chaosengines',
    name: engine.metadata.name,
    body: current,
  });
  await waitUntil(
    'the operator restarts the engine',
    async () => engineStatus(await readEngine(world, engine))['engineStatus'] !== 'completed',
    { timeoutMs: 60_000, intervalMs: 200 },
  );
  await waitForEngine(world, engine, 'completed');
}

export async function runEngine(
  world: LitmusWorld,
  label: string,
  options: RunOptions,
): Promise<Ran> {
  const { namespace } = await chartNamespace(world, label, options.without);
  const engine = await sampleEngine(world, namespace, options);
  const requests = world.aws.requests.count();
  const slow = `${world.balancer.url}/slow?ms=${options.slowMs ?? RESET_TIMEOUT_MS * 2}`;
  const uid = await applyEngine(world, engine);
  options.onApplied?.(engine);
  const clients = (options.traffic === false ? [] : [0, 1]).map(
    () => new Client(slow, { everyMs: 100, timeoutMs: 30_000 }),
  );
  try {
    if (options.inWindow !== undefined) {
      await waitForInjected(world, engine);
      await options.inWindow(engine);
    }
    await waitForEngine(world, engine, options.until ?? 'completed');
    if (options.again === true) await runAgain(world, engine);
  } finally {
    await Promise.all(clients.map((client) => client.stop({ abandon: true })));
  }
  const outcome = await outcomeOf(world, engine);
  await keep(options.keepIn ?? join(repositoryRoot(), '.tmp', 'litmus-e2e', label), outcome);
  const { instances } = world.sandbox.hosts;
  const tasks = world.sandbox.services.flatMap((service) => service.tasks);
  return {
    ...outcome,
    namespace,
    injects: commandsOf(world, uid, 'inject'),
    reverts: commandsOf(world, uid, 'revert'),
    awsRequests: world.aws.requests.count() - requests,
    left: await leftovers(instances, tasks),
  };
}

/** Each run's engine, result and logs stay for a reader (in the clone's .tmp by default). */
async function keep(dir: string, outcome: EngineOutcome): Promise<void> {
  await mkdir(dir, { recursive: true });
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  await writeFile(join(dir, 'chaosengine.json'), json(outcome.engine));
  await writeFile(join(dir, 'chaosresult.json'), json(outcome.result ?? null));
  await writeFile(join(dir, 'runner.log'), outcome.runnerLog);
  await Promise.all(
    outcome.experimentLogs.map((log, index) =>
      writeFile(join(dir, `experiment-${index}.log`), log),
    ),
  );
}

/** One line for the report: what the engine and the ChaosResult showed. */
export function describeRun(label: string, ran: Ran): string {
  const status = engineStatus(ran.engine);
  const experiments = (status['experiments'] ?? []) as Json[];
  const probes = ((resultStatus(ran)['probeStatuses'] ?? []) as Json[]).map(
    (probe) => `${String(probe['name'])}=${String((probe['status'] as Json)['verdict'])}`,
  );
  return (
    `${label}: engineStatus=${String(status['engineStatus'])} ` +
    `experiments=${JSON.stringify(experiments.map((one) => ({ status: one['status'], verdict: one['verdict'] })))} ` +
    `result=${JSON.stringify(resultStatus(ran)['experimentStatus'])} probes=[${probes.join(', ')}] ` +
    `evidence=${String((resultStatus(ran)['faultEvidence'] as Json | undefined)?.['effect'])} ` +
    `pods=${ran.experimentPods.length} injects=${ran.injects} reverts=${ran.reverts} aws=${ran.awsRequests}`
  );
}
