import type { HistoryCounter } from './outcome.js';
import type { ResultIdentity } from './identity.js';
import type { StoredObject } from './stores.js';
import {
  RESULT_API_VERSION,
  type ChaosResultObject,
  type ExperimentStatus,
  type FaultEvidence,
  type History,
  type HistoryTarget,
  type ProbeStatus,
} from './types.js';

/** What this run has to say so far; rendered over whatever the store holds. */
export interface ResultDraft {
  readonly experimentStatus: ExperimentStatus;
  readonly probeStatuses: readonly ProbeStatus[];
  readonly targets: readonly HistoryTarget[];
  readonly evidence?: FaultEvidence;
}

const COUNTERS: readonly HistoryCounter[] = ['passedRuns', 'failedRuns', 'stoppedRuns'];

/**
 * The whole ChaosResult for a write (there is no status subresource). Kept from the stored
 * copy: metadata the server owns (resourceVersion, uid …), annotations, labels we do not
 * set, and the history counters, to which `countAs` adds one.
 */
export interface RenderContext {
  readonly identity: ResultIdentity;
  readonly labels: Readonly<Record<string, string>>;
  readonly countAs?: HistoryCounter | undefined;
}

export function renderResult(
  current: StoredObject | undefined,
  draft: ResultDraft,
  { identity, labels, countAs }: RenderContext,
): ChaosResultObject {
  const counters = countersOf(current);
  if (countAs !== undefined) counters[countAs] += 1;
  const history: History = { ...counters, targets: draft.targets };
  return {
    apiVersion: RESULT_API_VERSION,
    kind: 'ChaosResult',
    metadata: {
      ...(current?.metadata ?? {}),
      name: identity.resultName,
      namespace: identity.namespace,
      labels: { ...(current?.metadata.labels ?? {}), ...labels, chaosUID: identity.chaosUid },
    },
    spec: {
      ...(identity.engine === undefined ? {} : { engine: identity.engine }),
      experiment: identity.experiment,
      ...(identity.instance === undefined ? {} : { instance: identity.instance }),
    },
    status: {
      experimentStatus: draft.experimentStatus,
      probeStatuses: draft.probeStatuses,
      history,
      ...(draft.evidence === undefined ? {} : { faultEvidence: draft.evidence }),
    },
  };
}

/** Counters another writer (or an older version) left: anything but a count reads as 0. */
export function countersOf(current: StoredObject | undefined): Record<HistoryCounter, number> {
  const history = field(field(current, 'status'), 'history');
  const read = (key: HistoryCounter): number => {
    const value = field(history, key);
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
  };
  return Object.fromEntries(COUNTERS.map((key) => [key, read(key)])) as Record<
    HistoryCounter,
    number
  >;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
