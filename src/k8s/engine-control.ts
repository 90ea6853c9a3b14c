import type { KubeConfig } from '@kubernetes/client-node';
import { ChaosError } from '../errors/index.js';
import { RESULT_GROUP, RESULT_VERSION } from '../result/types.js';
import { RestClient, serverSaid } from './rest.js';

const STOP_TIMEOUT_MS = 10_000;

/**
 * litmus-go's stopChaosEngine: `spec.engineState: stop` on the run's ChaosEngine, after a
 * stopOnFailure probe failed, so the operator ends the engine "stopped". A JSON merge patch
 * (verb patch) changes that one field and cannot conflict with the runner's status writes.
 */
export function engineStopper(
  config: KubeConfig,
  namespace: string,
  engine: string,
): (reason: string) => Promise<void> {
  const rest = new RestClient(config);
  const path = `/apis/${RESULT_GROUP}/${RESULT_VERSION}/namespaces/${encodeURIComponent(namespace)}/chaosengines/${encodeURIComponent(engine)}`;
  return async () => {
    const answer = await rest.send({
      method: 'PATCH',
      path,
      body: { spec: { engineState: 'stop' } },
      contentType: 'application/merge-patch+json',
      signal: AbortSignal.timeout(STOP_TIMEOUT_MS),
    });
    if (answer.status === 200) return;
    const said = serverSaid(answer);
    throw new ChaosError({
      code: 'CHAOS_RESULT_CRUD_ERROR',
      phase: 'result',
      target: `chaosengines.${RESULT_GROUP}/${engine} in namespace ${namespace}`,
      reason: `${answer.status === 403 ? 'forbidden: ' : ''}patch chaosengines.${RESULT_GROUP} failed: ${said}`,
      fix: `Grant the experiment's ServiceAccount "patch" on "chaosengines.${RESULT_GROUP}" in namespace ${namespace} (the chart's Role has it), or stop the engine by hand: kubectl -n ${namespace} patch chaosengine ${engine} --type merge -p '{"spec":{"engineState":"stop"}}'`,
    });
  };
}
