// The ChaosResult and Events as two runs of one scenario must both hold them, whichever
// sink wrote them: what differs by nature (server uids and resourceVersions, timestamps,
// how many connections the clients happened to open) is reduced to its type.
import type { Json } from './litmus.js';

const byName = (a: Json, b: Json): number => String(a['name']).localeCompare(String(b['name']));

/** Numbers of the fault evidence become 'number' (RESET_TIMEOUT kept; the mechanism's measured delay too); targets by name. */
function evidence(value: unknown): Json | undefined {
  if (value === undefined) return undefined;
  const kept = value as Json;
  const counts = (object: Json): Json =>
    Object.fromEntries(
      Object.entries(object).map(([key, field]) => [
        key,
        typeof field === 'number' && key !== 'resetTimeoutMs'
          ? 'number'
          : key === 'mechanismWhy' && typeof field === 'string'
            ? field.replace(/\d+ ms/g, 'N ms') // the check's measured delay
            : field,
      ]),
    );
  return {
    ...counts(kept),
    targets: ((kept['targets'] ?? []) as Json[]).map(counts).sort(byName),
  };
}

/** A ChaosResult without what only one copy can have; pod labels need the API (ADR 0063). */
export function comparableResult(result: Json | undefined): Json {
  const { apiVersion, kind, metadata, spec, status } = (result ?? {}) as {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: Json;
    spec?: unknown;
    status?: Json;
  };
  const history = (status?.['history'] ?? {}) as Json;
  return {
    apiVersion,
    kind,
    metadata: {
      name: metadata?.['name'],
      namespace: metadata?.['namespace'],
      chaosUID: (metadata?.['labels'] as Json | undefined)?.['chaosUID'],
    },
    spec,
    status: {
      ...status,
      history: { ...history, targets: ((history['targets'] ?? []) as Json[]).slice().sort(byName) },
      faultEvidence: evidence(status?.['faultEvidence']),
    },
  };
}

/** Each Event by name: what it says, about what, how often; not when, nor the uids. */
export function comparableEvents(events: Iterable<Json>): Json[] {
  return [...events]
    .map((event) => {
      const about = (event['involvedObject'] ?? {}) as Json;
      return {
        name: (event['metadata'] as Json | undefined)?.['name'],
        reason: event['reason'],
        type: event['type'],
        message: String(event['message']).replace(/: \d+/g, ': N'),
        count: event['count'],
        involvedObject: { kind: about['kind'], name: about['name'] },
        source: event['source'],
      };
    })
    .sort(byName);
}
