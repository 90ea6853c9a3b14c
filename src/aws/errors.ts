import { Abandoned, abortReasonOf } from '../errors/abandoned.js';
import { ChaosError } from '../errors/chaos-error.js';
import type { ErrorCode, Phase } from '../errors/codes.js';

/** Where an AWS call was made: the IAM action, what it was about, and in which phase. */
export interface CallSite {
  /** As IAM names it: `ecs:DescribeTasks`, `ssm:SendCommand`. */
  readonly action: string;
  readonly phase: Phase;
  /** The cluster, service, instance or command the call was about. */
  readonly target?: string;
}

/** What the SDK puts on its errors; read structurally so no SDK type leaks out. */
interface SdkErrorShape {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
}

const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']);
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException']);
const BAD_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'CredentialsProviderError',
  'MissingAuthenticationTokenException',
]);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN']);

/** The ChaosError code a failure in each phase carries (Litmus reads these). */
export function codeOfPhase(phase: Phase): ErrorCode {
  switch (phase) {
    case 'credentials':
      return 'CREDENTIALS_ERROR';
    case 'preflight':
      return 'PREFLIGHT_ERROR';
    case 'select':
      return 'TARGET_SELECTION_ERROR';
    case 'inject':
      return 'CHAOS_INJECT_ERROR';
    case 'revert':
    case 'abort':
      return 'CHAOS_REVERT_ERROR';
    default:
      return 'STATUS_CHECKS_ERROR';
  }
}

/** The SDK's error name (the AWS error code), or the Node network error code. */
export function awsErrorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'Error';
  const shape = error as SdkErrorShape;
  if (typeof shape.code === 'string' && NETWORK.has(shape.code)) return shape.code;
  return typeof shape.name === 'string' ? shape.name : 'Error';
}

function messageOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const message = (error as SdkErrorShape).message;
  return typeof message === 'string' && message !== '' ? message : awsErrorName(error);
}

function attemptsOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  return (error as SdkErrorShape).$metadata?.attempts;
}

export function isThrottling(error: unknown): boolean {
  return THROTTLED.has(awsErrorName(error));
}

/**
 * Turns an SDK failure into the one error type the domain knows, naming the call, its
 * target and — for AccessDenied — the exact IAM action to grant.
 */
export function wrapAwsError(error: unknown, site: CallSite, signal?: AbortSignal): ChaosError {
  if (error instanceof ChaosError) return error;
  const name = awsErrorName(error);
  const message = messageOf(error);
  const base = {
    code: codeOfPhase(site.phase),
    phase: site.phase,
    ...(site.target === undefined ? {} : { target: site.target }),
    cause: error,
  };
  // Whatever the SDK threw on the way out (AbortError, the signal's reason), it is the abort.
  if (signal?.aborted === true) {
    return new Abandoned({
      ...base,
      reason: `${site.action} abandoned: ${abortReasonOf(signal)}`,
      fix: 'none needed for the call itself: the run stopped waiting on AWS because it was stopped or its deadline passed',
    });
  }
  if (DENIED.has(name)) {
    return new ChaosError({
      ...base,
      reason: `AWS denied ${site.action}: missing IAM permission ${site.action} (${message})`,
      fix: `allow the IAM action ${site.action} for the identity this experiment runs as (see the caller identity logged in phase credentials)`,
    });
  }
  if (BAD_CREDENTIALS.has(name)) {
    return new ChaosError({
      ...base,
      code: 'CREDENTIALS_ERROR',
      reason: `AWS refused the credentials on ${site.action}: ${name}: ${message}`,
      fix: 'check the credentials source (IRSA, Pod Identity, AWS_* variables, the mounted secret) and ASSUME_ROLE_ARN; temporary credentials may have expired',
    });
  }
  return new ChaosError({
    ...base,
    reason: describe(site, name, message, error),
    fix: fixFor(name),
  });
}

function describe(site: CallSite, name: string, message: string, error: unknown): string {
  const attempts = attemptsOf(error);
  const tries = attempts === undefined || attempts <= 1 ? '' : ` after ${attempts} attempts`;
  return `${site.action} failed${tries}: ${name}: ${message}`;
}

function fixFor(name: string): string {
  if (THROTTLED.has(name)) {
    return 'AWS kept throttling this account; retry later or ask for a higher API rate limit';
  }
  if (NETWORK.has(name)) {
    return 'check that the pod reaches the AWS endpoints (VPC endpoints, proxy, AWS_ENDPOINT_URL*)';
  }
  return 'see the AWS error above; the call is named with its target';
}
