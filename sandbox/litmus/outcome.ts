// What Litmus and the run leave behind once the operator is done with an engine: its
// status, the ChaosResult, the experiment pods and Jobs, the runner's and the experiment's
// logs read through the API (as `kubectl logs` does), and the SSM commands of its runs.
import { BatchV1Api, CoreV1Api, type V1Job, type V1Pod } from '@kubernetes/client-node';
import { LITMUS, custom, readEngine, type Engine, type Json } from './engine.js';
import { EXPERIMENT } from './namespace.js';
import type { LitmusWorld } from './world.js';

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
