import { createHash } from 'node:crypto';
import type { ReportingConfig } from '../config/run-config.js';
import { resultName } from '../config/result-name.js';

/** Who the run reports as: fixed for the whole run, derived from the configuration. */
export interface ResultIdentity {
  readonly namespace: string;
  /** `<CHAOSENGINE>-<EXPERIMENT_NAME>[-<INSTANCE_ID>]` (docs/reference/litmus.md). */
  readonly resultName: string;
  readonly engine: string | undefined;
  readonly experiment: string;
  readonly instance: string | undefined;
  /** CHAOS_UID, or the run's own chaos id when no engine gave one (ADR 0060). */
  readonly chaosUid: string;
  /** CHAOS_UID as given: the ChaosEngine's uid, for events about the engine. */
  readonly engineUid: string | undefined;
  readonly podName: string | undefined;
  /** `source.component` of our events: the pod, as Litmus does, or the tool's name. */
  readonly component: string;
}

const NAME_MAX = 253;

export function identityOf(config: ReportingConfig): ResultIdentity {
  const { chaosEngine, experimentName, instanceId, chaosNamespace, chaosUid, podName } =
    config.litmus;
  return {
    namespace: chaosNamespace,
    resultName: resultName(chaosEngine, experimentName, instanceId),
    engine: chaosEngine,
    experiment: experimentName,
    instance: instanceId,
    chaosUid: chaosUid ?? config.chaosId,
    engineUid: chaosUid,
    podName,
    component: podName ?? 'ecs-http-chaos',
  };
}

/**
 * `<Reason><EXPERIMENT_NAME><CHAOS_UID>`, the name Litmus gives engine events, so a second
 * run of the same engine updates (count++) instead of piling up. Too long a name keeps its
 * start and ends in a hash of the whole, so it stays unique and within 253 characters.
 */
export function eventName(reason: string, identity: ResultIdentity): string {
  const full = `${reason}${identity.experiment}${identity.chaosUid}`;
  if (full.length <= NAME_MAX) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 16);
  return `${full.slice(0, NAME_MAX - 17)}-${hash}`;
}
