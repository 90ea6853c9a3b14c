import { ApiException } from '@kubernetes/client-node';
import { ChaosError, type ErrorCode, type Phase } from '../errors/index.js';
import { StoreConflict } from '../result/stores.js';

/** What a request was doing, for the message a refused request produces. */
export interface Attempted {
  readonly verb: 'get' | 'list' | 'create' | 'update' | 'delete';
  /** Plural resource, with its group when not core: `chaosresults.litmuschaos.io`. */
  readonly resource: string;
  readonly namespace: string;
  readonly name?: string;
  readonly phase: Phase;
  readonly code?: ErrorCode;
}

export function statusOf(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

/**
 * One translation of API failures for every adapter: 409 becomes a StoreConflict (the
 * caller re-reads); 403 becomes "forbidden: <verb> <resource>" naming the RBAC rule to
 * add; anything else says what was attempted and what the server or network said.
 */
export function apiFailure(error: unknown, attempted: Attempted): Error {
  const status = statusOf(error);
  const object = `${attempted.resource}${attempted.name === undefined ? '' : `/${attempted.name}`} in namespace ${attempted.namespace}`;
  if (status === 409) {
    return new StoreConflict(
      attempted.verb === 'create' ? 'exists' : 'stale',
      attempted.name ?? object,
    );
  }
  const said = serverMessage(error);
  const base = {
    code: attempted.code ?? 'CHAOS_RESULT_CRUD_ERROR',
    phase: attempted.phase,
    target: object,
    cause: error,
  } as const;
  if (status === 403) {
    return new ChaosError({
      ...base,
      reason: `forbidden: ${attempted.verb} ${attempted.resource} (${said})`,
      fix: `Grant the experiment's ServiceAccount "${attempted.verb}" on "${attempted.resource}" in namespace ${attempted.namespace} (the chart's Role has every rule the run needs)`,
    });
  }
  if (status === 401) {
    return new ChaosError({
      ...base,
      reason: `unauthorized: ${attempted.verb} ${attempted.resource}: the API server rejected the credentials (${said})`,
      fix: 'Check the ServiceAccount token or the kubeconfig user',
    });
  }
  return new ChaosError({
    ...base,
    reason: `${attempted.verb} ${attempted.resource} failed: ${status === undefined ? '' : `HTTP ${status}: `}${said}`,
    fix:
      status === undefined
        ? 'Check that the Kubernetes API server is reachable from the experiment pod'
        : 'See the server message; the Litmus CRDs must be installed for chaosresults and chaosengines',
  });
}

function serverMessage(error: unknown): string {
  if (error instanceof ApiException) {
    const body: unknown = error.body;
    const parsed = typeof body === 'string' ? tryJson(body) : body;
    const message = (parsed as { message?: unknown } | undefined)?.message;
    return typeof message === 'string' ? message : `HTTP ${error.code}`;
  }
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    return typeof cause?.code === 'string' ? `${error.message} (${cause.code})` : error.message;
  }
  return String(error);
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
