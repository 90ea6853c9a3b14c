import { ChaosError } from '../errors/index.js';
import type { ProbeDefinition } from './types.js';

/** One permission a probe needs in CHAOS_NAMESPACE; `resource` may name a subresource. */
export interface AccessCheck {
  readonly group: string;
  readonly resource: string;
  readonly verb: string;
}

/** Asks the API server; undefined when it cannot say (then the first call will tell). */
export type AccessReview = (check: AccessCheck) => Promise<boolean | undefined>;

const SOURCE_VALUE = 'probes.source.enabled=true';
const POD_ACCESS: readonly AccessCheck[] = [
  { group: '', resource: 'pods', verb: 'create' },
  // Granted by the run's own Role too (the pod's labels); checked all the same.
  { group: '', resource: 'pods', verb: 'get' },
  { group: '', resource: 'pods', verb: 'delete' },
  { group: '', resource: 'pods/log', verb: 'get' },
];
const ENGINE_STOP: AccessCheck = {
  group: 'litmuschaos.io',
  resource: 'chaosengines',
  verb: 'patch',
};

/**
 * Before anything is sent to AWS (ADR 0160): the rights the declared probes will use.
 * A cmdProbe with `source` needs to create, read, delete pods and read their logs (chart
 * value probes.source.enabled); a stopOnFailure probe under an engine needs to patch it.
 * Missing ones end the run as an Error naming each permission and what grants it.
 */
export async function checkProbeAccess(
  probes: readonly ProbeDefinition[],
  options: { readonly engine: string | undefined; readonly namespace: string },
  review: AccessReview,
): Promise<void> {
  const source = probes.find((probe) => probe.type === 'cmdProbe' && probe.inputs.source);
  const stopper = probes.find((probe) => probe.runProperties.stopOnFailure);
  const needed = [
    ...(source === undefined ? [] : POD_ACCESS),
    ...(stopper === undefined || options.engine === undefined ? [] : [ENGINE_STOP]),
  ];
  const denied: AccessCheck[] = [];
  for (const check of needed) if ((await review(check)) === false) denied.push(check);
  if (denied.length > 0) throw refusal(denied, options.namespace, { source, stopper });
}

function refusal(
  denied: readonly AccessCheck[],
  ns: string,
  by: {
    readonly source: ProbeDefinition | undefined;
    readonly stopper: ProbeDefinition | undefined;
  },
): ChaosError {
  const { source, stopper } = by;
  const pods = denied.filter((check) => check.group === '');
  const fixes = [
    ...(pods.length === 0
      ? []
      : [
          `Set the chart value ${SOURCE_VALUE} for cmdProbe ${source?.name ?? ''} (source pods): it grants ${pods.map(named).join(', ')} in namespace ${ns}`,
        ]),
    ...denied
      .filter((check) => check.group !== '')
      .map(
        (check) =>
          `Grant the experiment's ServiceAccount "${check.verb}" on "${qualified(check)}" in namespace ${ns} (stopOnFailure of probe ${stopper?.name ?? ''} stops the ChaosEngine; the chart's Role has it)`,
      ),
  ];
  return new ChaosError({
    code: pods.length > 0 ? 'CMD_PROBE_ERROR' : 'CHAOS_RESULT_CRUD_ERROR',
    phase: 'result-init',
    target: `namespace ${ns}`,
    reason: `forbidden: ${denied.map(named).join(', ')} (a SelfSubjectAccessReview for this run's credentials says no)`,
    fix: fixes.join('; '),
  });
}

/** "create pods", "patch chaosengines.litmuschaos.io". */
function named(check: AccessCheck): string {
  return `${check.verb} ${qualified(check)}`;
}

function qualified(check: AccessCheck): string {
  return `${check.resource}${check.group === '' ? '' : `.${check.group}`}`;
}
