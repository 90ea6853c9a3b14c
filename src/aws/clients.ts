import { ECSClient } from '@aws-sdk/client-ecs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { AdaptiveRetryStrategy, DefaultRateLimiter } from '@smithy/core/retry';
import type { Phase } from '../errors/codes.js';
import { wrapAwsError, type CallSite } from './errors.js';

/** Credentials as the SDK takes them; our own shape, so no SDK type leaks to callers. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}
export type CredentialsProvider = () => Promise<AwsCredentials>;

/**
 * Throttling is retried inside the SDK with its adaptive mode (a client-side token bucket
 * that slows down when AWS answers ThrottlingException). 8 attempts: 30% throttling fails
 * a call with probability 0.3^8 ≈ 7e-5 (ADR 0080).
 */
export const MAX_ATTEMPTS = 8;
/**
 * The adaptive limiter never goes below this many requests per second. Its default floor
 * (0.5) suits clients that send hundreds per second: it caps the rate at twice the rate
 * measured before the throttle, and `run` sends in sparse bursts (one GetCommandInvocation
 * per host when a step ends), which would then crawl at one call every two seconds. The
 * SDK's own backoff still spaces the retries of a throttled call (ADR 0080).
 */
export const MIN_SEND_RATE = 4;
/** A request whose answer never comes back is retried, never waited on forever. */
const REQUEST_TIMEOUT_MS = 30_000;
const CONNECTION_TIMEOUT_MS = 5_000;

export interface ClientOptions {
  readonly region: string;
  readonly credentials: CredentialsProvider;
}

/**
 * No `endpoint` here: the SDK itself honours AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_ECS |
 * _SSM | _STS (docs/reference/aws.md), as it does everywhere else.
 */
function common(options: ClientOptions) {
  return {
    region: options.region,
    credentials: options.credentials,
    retryStrategy: new AdaptiveRetryStrategy(MAX_ATTEMPTS, {
      rateLimiter: new DefaultRateLimiter({ minFillRate: MIN_SEND_RATE }),
    }),
    requestHandler: {
      requestTimeout: REQUEST_TIMEOUT_MS,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
    },
  } as const;
}

export function ecsClient(options: ClientOptions): ECSClient {
  return new ECSClient(common(options));
}

export function ssmClient(options: ClientOptions): SSMClient {
  return new SSMClient(common(options));
}

export function stsClient(options: ClientOptions): STSClient {
  return new STSClient(common(options));
}

/** The phase the run is in, read when an error is wrapped: adapters outlive phases. */
export type PhaseOf = () => Phase;

/**
 * The signal the call about to start is bound to, read when it starts: the run's halt, or
 * a revert's own deadline (ADR 0151). It reaches `client.send`, so the SDK stops retrying
 * and drops the request the moment it fires.
 */
export type SignalOf = () => AbortSignal;

/** What every adapter call reads when it starts and when it fails. */
export interface CallScope {
  readonly phaseOf: PhaseOf;
  readonly signalOf: SignalOf;
}

/** The options `client.send` takes: only the abort signal. */
export interface SendOptions {
  readonly abortSignal: AbortSignal;
}

/** One SDK call, bound to the scope's signal, its failure wrapped into a ChaosError. */
export async function call<T>(
  site: Omit<CallSite, 'phase'>,
  scope: CallScope,
  send: (options: SendOptions) => Promise<T>,
): Promise<T> {
  const abortSignal = scope.signalOf();
  try {
    return await send({ abortSignal });
  } catch (error) {
    throw wrapAwsError(error, { ...site, phase: scope.phaseOf() }, abortSignal);
  }
}

/** Slices of at most `size`: the API limits of 100 (ECS) and 50 (SSM) per call. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    out.push(items.slice(start, start + size));
  }
  return out;
}

/**
 * `work` on each item with at most `limit` under way, results in the items' order: batches
 * of 100 described side by side instead of one after another (ADR 0192).
 */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) {
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
