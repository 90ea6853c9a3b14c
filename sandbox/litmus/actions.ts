// What users do to a running engine: `kubectl annotate` its ChaosResult, set
// `engineState: stop`. Both replace the whole object, as kubectl edit does.
import { CustomObjectsApi } from '@kubernetes/client-node';
import { waitUntil } from '../kube/wait.js';
import { readEngine, type Engine, type Json } from './engine.js';
import type { LitmusWorld } from './world.js';

/** Annotations on the engine's ChaosResult, as `kubectl annotate` adds them. */
export async function annotateResult(
  world: LitmusWorld,
  engine: Engine,
  annotations: Readonly<Record<string, string>>,
): Promise<void> {
  const custom = world.node.api.admin.makeApiClient(CustomObjectsApi);
  const where = {
    group: 'litmuschaos.io',
    version: 'v1alpha1',
    namespace: engine.metadata.namespace,
    plural: 'chaosresults',
    name: `${engine.metadata.name}-ecs-container-http-reset-peer`,
  };
  // The run writes the same object: on a conflict, read it again.
  await waitUntil(
    `annotations on ${where.name}`,
    async () => {
      const result = (await custom.getNamespacedCustomObject(where)) as { metadata: Json };
      result.metadata['annotations'] = {
        ...(result.metadata['annotations'] as Json),
        ...annotations,
      };
      await custom.replaceNamespacedCustomObject({ ...where, body: result });
      return true;
    },
    { timeoutMs: 10_000, intervalMs: 100 },
  );
}

/** `engineState: stop`, as a user does it (kubectl edit / patch of the spec). */
export async function stopEngine(world: LitmusWorld, engine: Engine): Promise<void> {
  const current = await readEngine(world, engine);
  (current['spec'] as Json)['engineState'] = 'stop';
  await world.node.api.admin.makeApiClient(CustomObjectsApi).replaceNamespacedCustomObject({
    group: 'litmuschaos.io',
    version: 'v1alpha1',
    namespace: engine.metadata.namespace,
    plural: 'chaosengines',
    name: engine.metadata.name,
    body: current,
  });
}
