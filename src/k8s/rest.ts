import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export interface RestAnswer {
  readonly status: number;
  /** Parsed JSON; a body that is not JSON becomes `{ message: <its start> }`. */
  readonly body: unknown;
  readonly text: string;
}

export interface RestCall {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  /** Default application/json; PATCH takes application/merge-patch+json. */
  readonly contentType?: string;
  readonly signal: AbortSignal;
}

/**
 * Plain REST against the API server with the kubeconfig's own TLS and credentials: for
 * what the typed clients address badly (any resource by plural, pod logs as text, merge
 * patches) and for bodies that must pass through untouched (a probe pod's spec).
 */
export class RestClient {
  constructor(private readonly config: KubeConfig) {}

  async send(call: RestCall): Promise<RestAnswer> {
    const server = this.config.getCurrentCluster()?.server ?? '';
    const url = new URL(call.path, server);
    const headers =
      call.body === undefined ? {} : { 'content-type': call.contentType ?? 'application/json' };
    const options: RequestOptions = {
      method: call.method,
      signal: call.signal,
      headers: { accept: 'application/json, */*', ...headers },
    };
    await this.config.applyToHTTPSOptions(options);
    const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise<RestAnswer>((resolve, reject) => {
      const outgoing = request(url, options, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, body: parse(text), text });
        });
        response.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.end(call.body === undefined ? undefined : JSON.stringify(call.body));
    });
  }
}

/** The server's own words for a refusal: its Status message, else the HTTP status. */
export function serverSaid(answer: RestAnswer): string {
  const message = (answer.body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message !== '' ? message : `HTTP ${answer.status}`;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 300) };
  }
}
