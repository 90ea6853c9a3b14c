import type { K8sProbePort } from '../probes/k8s-check.js';
import type { K8sResourceRef } from '../probes/types.js';
import type { KubeConfig } from '@kubernetes/client-node';
import { RestClient, serverSaid, type RestAnswer, type RestCall } from './rest.js';

/**
 * k8sProbe's view of the API: any group/version/resource by its plural name, as Litmus's
 * dynamic client does. The typed clients need a kind (or cannot address the core group),
 * so this speaks REST directly with the kubeconfig's own TLS and credentials.
 */
export class DynamicResources implements K8sProbePort {
  private readonly rest: RestClient;

  constructor(config: KubeConfig) {
    this.rest = new RestClient(config);
  }

  async list(
    ref: K8sResourceRef,
    selectors: { readonly fieldSelector: string; readonly labelSelector: string },
    signal: AbortSignal,
  ): Promise<readonly string[]> {
    const query = new URLSearchParams();
    if (selectors.labelSelector !== '') query.set('labelSelector', selectors.labelSelector);
    if (selectors.fieldSelector !== '') query.set('fieldSelector', selectors.fieldSelector);
    const answer = await this.send('GET', `${pathOf(ref)}?${query.toString()}`, undefined, signal);
    expect(answer, [200], 'list', ref);
    const items = (answer.body as { items?: { metadata?: { name?: string } }[] }).items ?? [];
    return items.map((item) => item.metadata?.name ?? '');
  }

  async exists(ref: K8sResourceRef, name: string, signal: AbortSignal): Promise<boolean> {
    const answer = await this.send(
      'GET',
      `${pathOf(ref)}/${encodeURIComponent(name)}`,
      undefined,
      signal,
    );
    if (answer.status === 404) return false;
    expect(answer, [200], 'get', ref);
    return true;
  }

  async create(
    ref: K8sResourceRef,
    manifest: Readonly<Record<string, unknown>>,
    signal: AbortSignal,
  ): Promise<string> {
    const answer = await this.send('POST', pathOf(ref), manifest, signal);
    expect(answer, [200, 201, 202], 'create', ref);
    return (answer.body as { metadata?: { name?: string } }).metadata?.name ?? '';
  }

  async remove(ref: K8sResourceRef, name: string, signal: AbortSignal): Promise<void> {
    const answer = await this.send(
      'DELETE',
      `${pathOf(ref)}/${encodeURIComponent(name)}`,
      undefined,
      signal,
    );
    expect(answer, [200, 202], 'delete', ref);
  }

  private send(
    method: RestCall['method'],
    path: string,
    body: unknown,
    signal: AbortSignal,
  ): Promise<RestAnswer> {
    return this.rest.send({ method, path, body, signal });
  }
}

function pathOf(ref: K8sResourceRef): string {
  const base = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
  const scope = ref.namespace === '' ? '' : `/namespaces/${encodeURIComponent(ref.namespace)}`;
  return `${base}${scope}/${ref.resource}`;
}

function expect(
  answer: RestAnswer,
  ok: readonly number[],
  verb: string,
  ref: K8sResourceRef,
): void {
  if (ok.includes(answer.status)) return;
  const resource = `${ref.resource}${ref.group === '' ? '' : `.${ref.group}`}`;
  throw new Error(
    `${answer.status === 403 ? 'forbidden: ' : ''}${verb} ${resource}: ${serverSaid(answer)}`,
  );
}
