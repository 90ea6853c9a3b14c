// The kubelet's part for probe pods, against a real API server with no node (ADR 0160):
// it sees each pod the run creates, writes the container state a kubelet would report
// through the pods/status subresource, and serves the log the API server could only fetch
// from a kubelet. Everything else — create, read, delete, RBAC — is the real server's.
import type { KubeConfig } from '@kubernetes/client-node';
import { RestClient } from '../../../src/k8s/rest.js';

type Json = Record<string, unknown>;

/** What the stand-in does with one pod: the state it reports, and the log it serves. */
export interface PodScript {
  readonly state: Json;
  readonly log?: string;
}

export interface KubeletStandIn {
  /** Every probe pod the run created, as the API server stored it. */
  readonly seen: Json[];
  readonly log: (name: string) => Promise<string>;
  stop(): void;
}

const POLL_MS = 100;

export function kubeletStandIn(
  admin: KubeConfig,
  namespace: string,
  chaosUid: string,
  script: (pod: Json) => PodScript,
): KubeletStandIn {
  const rest = new RestClient(admin);
  const seen: Json[] = [];
  const logs = new Map<string, string>();
  const base = `/api/v1/namespaces/${namespace}/pods`;
  let stopped = false;
  const tick = async (): Promise<void> => {
    const signal = AbortSignal.timeout(5000);
    const query = new URLSearchParams({ labelSelector: `chaosUID=${chaosUid}` });
    const list = await rest.send({ method: 'GET', path: `${base}?${query.toString()}`, signal });
    const items = ((list.body as { items?: Json[] }).items ?? []).filter(
      (pod) => (pod['status'] as Json | undefined)?.['containerStatuses'] === undefined,
    );
    for (const pod of items) {
      const name = String((pod['metadata'] as Json)['name']);
      if (seen.some((known) => (known['metadata'] as Json)['name'] === name)) continue;
      seen.push(pod);
      const { state, log } = script(pod);
      if (log !== undefined) logs.set(name, log);
      const container = ((pod['spec'] as Json)['containers'] as Json[])[0] ?? {};
      const terminated = state['terminated'] !== undefined;
      const exitCode = Number((state['terminated'] as Json | undefined)?.['exitCode'] ?? 0);
      await rest.send({
        method: 'PATCH',
        path: `${base}/${name}/status`,
        contentType: 'application/merge-patch+json',
        body: {
          status: {
            phase: terminated ? (exitCode === 0 ? 'Succeeded' : 'Failed') : 'Pending',
            containerStatuses: [
              {
                name: container['name'],
                image: container['image'],
                imageID: '',
                ready: false,
                restartCount: 0,
                state,
              },
            ],
          },
        },
        signal,
      });
    }
  };
  const loop = async (): Promise<void> => {
    while (!stopped) {
      await tick().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };
  void loop();
  return {
    seen,
    log: (name) => {
      const text = logs.get(name);
      return text === undefined
        ? Promise.reject(new Error(`the stand-in has no log for ${name}`))
        : Promise.resolve(text);
    },
    stop: () => {
      stopped = true;
    },
  };
}

export const TERMINATED = (exitCode: number, message = ''): Json => ({
  terminated: {
    exitCode,
    reason: exitCode === 0 ? 'Completed' : 'Error',
    message,
    startedAt: '2026-11-25T12:00:00Z',
    finishedAt: '2026-11-25T12:00:01Z',
  },
});
