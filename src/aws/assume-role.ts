import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentials, CredentialsProvider } from './clients.js';
import { call, type SignalOf } from './clients.js';

/** Refresh this long before expiry, as the SDK's own providers do. */
const REFRESH_BEFORE_MS = 5 * 60_000;
const SESSION_SECONDS = 3600;
/** RoleSessionName: [\w+=,.@-]{2,64}. */
const SESSION_NAME_MAX = 64;

/** `ehc-<chaos id>`: CloudTrail then names the run (the chaos id carries CHAOS_UID). */
export function sessionNameFor(chaosId: string): string {
  return `ehc-${chaosId}`.replace(/[^\w+=,.@-]/g, '-').slice(0, SESSION_NAME_MAX);
}

export interface AssumeRoleInput {
  /** An STS client signed with the base credentials. */
  readonly sts: STSClient;
  readonly roleArn: string;
  readonly sessionName: string;
  readonly now: () => number;
  /** The run's signal when the SDK asks for credentials: AssumeRole is a call like any. */
  readonly signalOf: SignalOf;
}

/**
 * ASSUME_ROLE_ARN on top of the base credentials: AssumeRole once, cached, renewed before
 * it expires (a long window outlives one session). Concurrent callers share one request.
 */
export function assumeRoleProvider(input: AssumeRoleInput): CredentialsProvider {
  let current: AwsCredentials | undefined;
  let pending: Promise<AwsCredentials> | undefined;
  const fresh = (credentials: AwsCredentials | undefined): credentials is AwsCredentials =>
    credentials !== undefined &&
    (credentials.expiration === undefined ||
      credentials.expiration.getTime() - input.now() > REFRESH_BEFORE_MS);
  return () => {
    if (fresh(current)) return Promise.resolve(current);
    pending ??= assume(input)
      .then((credentials) => {
        current = credentials;
        return credentials;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}

async function assume(input: AssumeRoleInput): Promise<AwsCredentials> {
  const out = await call(
    { action: 'sts:AssumeRole', target: input.roleArn },
    { phaseOf: () => 'credentials', signalOf: input.signalOf },
    (options) =>
      input.sts.send(
        new AssumeRoleCommand({
          RoleArn: input.roleArn,
          RoleSessionName: input.sessionName,
          DurationSeconds: SESSION_SECONDS,
        }),
        options,
      ),
  );
  const credentials = out.Credentials;
  if (
    credentials?.AccessKeyId === undefined ||
    credentials.SecretAccessKey === undefined ||
    credentials.SessionToken === undefined
  ) {
    throw new Error(`sts:AssumeRole of ${input.roleArn} returned no credentials`);
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    ...(credentials.Expiration === undefined ? {} : { expiration: credentials.Expiration }),
  };
}
