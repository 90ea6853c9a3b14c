import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { messageOf } from '../core/message.js';

export interface HttpCall {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly insecureSkipVerify?: boolean;
  /** Bytes of the response body kept; the rest is read and dropped. */
  readonly keepBytes?: number;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/** Readable names for the errors a reset fault provokes. */
const ERRNO_WORDS: Readonly<Record<string, string>> = {
  ECONNRESET: 'connection reset by peer',
  ECONNREFUSED: 'connection refused',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'broken pipe',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'name not resolved',
  EAI_AGAIN: 'name resolution failed temporarily',
};

/**
 * One request on a fresh connection (no keep-alive pool: each probe try is a new client
 * connection, as the fault sees real clients). The whole body is read, so a reset in the
 * middle of a response is a failure, not a pass on the status line alone.
 */
export function send(call: HttpCall, signal: AbortSignal): Promise<HttpAnswer> {
  const url = new URL(call.url);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const keep = call.keepBytes ?? 0;
  return new Promise<HttpAnswer>((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: call.method,
        headers: { connection: 'close', ...call.headers },
        agent: false,
        signal,
        ...(url.protocol === 'https:'
          ? { rejectUnauthorized: call.insecureSkipVerify !== true }
          : {}),
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept < keep) chunks.push(chunk.subarray(0, keep - kept));
          kept += chunk.length;
        });
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        response.on('error', reject);
        response.on('aborted', () => {
          reject(new Error('response aborted mid-body'));
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(call.body);
  });
}

/** "ECONNRESET (connection reset by peer)" and the like, for a probe's description. */
export function describeHttpError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    const words = ERRNO_WORDS[code];
    return words === undefined ? `${code}: ${(error as Error).message}` : `${code} (${words})`;
  }
  return messageOf(error);
}
