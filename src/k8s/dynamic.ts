import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { K8sProbePort } from '../probes/k8s-check.js';
import type { K8sResourceRef } from '../probes/types.js';

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/**
 * k8sProbe's view of the API: any group/version/resource by its plural name, as Litmus's
 * dynamic client does. The typed clients need a kind (or cannot address the core group),
 * so this speaks REST directly with the kubeconfig's own TLS and credentials.
 */
export class DynamicResources implements K8sProbePort {
  constructor(private readonly config: KubeConfig) {}

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

  private async send(
    method: string,
    path: string,
    body: unknown,
    signal: AbortSignal,
  ): Promise<Answer> {
    const server = this.config.getCurrentCluster()?.server ?? '';
    const url = new URL(path, server);
    const headers = body === undefined ? {} : { 'content-type': 'application/json' };
    const options: RequestOptions = {
      method,
      signal,
      headers: { accept: 'application/json', ...headers },
    };
    await this.config.applyToHTTPSOptions(options);
    const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise<Answer>((resolve, reject) => {
      const outgoing = request(url, options, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, body: parse(text) });
        });
        response.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }
}

function pathOf(ref: K8sResourceRef): string {
  const base = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
  const scope = ref.namespace === '' ? '' : `/namespaces/${encodeURIComponent(ref.namespace)}`;
  return `${base}${scope}/${ref.resource}`;
}

function expect(answer: Answer, ok: readonly number[], verb: string, ref: K8sResourceRef): void {
  if (ok.includes(answer.status)) return;
  const message = (answer.body as { message?: unknown } | undefined)?.message;
  const said = typeof message === 'string' ? message : `HTTP ${answer.status}`;
  const resource = `${ref.resource}${ref.group === '' ? '' : `.${ref.group}`}`;
  throw new Error(`${answer.status === 403 ? 'forbidden: ' : ''}${verb} ${resource}: ${said}`);
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 300) };
  }
}
