import { access, constants } from 'node:fs/promises';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { AwsConfig } from '../config/run-config.js';
import { ChaosError } from '../errors/chaos-error.js';
import { assumeRoleProvider, sessionNameFor } from './assume-role.js';
import { call, stsClient, type CredentialsProvider, type SignalOf } from './clients.js';

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
  readonly userId: string;
}

export interface ResolvedCredentials {
  readonly provider: CredentialsProvider;
  readonly identity: CallerIdentity;
  /** For the log: where the base credentials come from, and the role assumed on top. */
  readonly source: string;
}

const CHAIN =
  'the SDK default chain (AWS_* variables, IRSA web identity, EKS Pod Identity, profiles, instance metadata)';

/**
 * Phase `credentials` (ADR 0080): the base identity from the SDK default chain, reading
 * the mounted secret's file when one is configured; ASSUME_ROLE_ARN on top; then
 * GetCallerIdentity, so the log names who acts before anything is touched.
 */
export async function resolveCredentials(
  aws: AwsConfig,
  chaosId: string,
  now: () => number,
  signalOf: SignalOf,
): Promise<ResolvedCredentials> {
  const file = aws.credentialsFile;
  if (file !== undefined) await requireReadable(file.path, file.source, aws);
  const base: CredentialsProvider = defaultProvider(
    file === undefined ? {} : { filepath: file.path },
  );
  let provider = base;
  let source =
    file === undefined
      ? CHAIN
      : `the credentials file ${file.path} (${file.source === 'secret' ? `secret ${aws.authenticationSecret ?? ''}` : 'AWS_SHARED_CREDENTIALS_FILE'})`;
  if (aws.assumeRoleArn !== undefined) {
    const sts = stsClient({ region: aws.region, credentials: base });
    const sessionName = sessionNameFor(chaosId);
    provider = assumeRoleProvider({
      sts,
      roleArn: aws.assumeRoleArn,
      sessionName,
      now,
      signalOf,
    });
    source = `${source}, then role ${aws.assumeRoleArn} as session ${sessionName}`;
  }
  const identity = await callerIdentity(aws.region, provider, signalOf);
  return { provider, identity, source };
}

async function callerIdentity(
  region: string,
  provider: CredentialsProvider,
  signalOf: SignalOf,
): Promise<CallerIdentity> {
  const sts = stsClient({ region, credentials: provider });
  const out = await call(
    { action: 'sts:GetCallerIdentity', target: region },
    { phaseOf: () => 'credentials', signalOf },
    (options) => sts.send(new GetCallerIdentityCommand({}), options),
  ).finally(() => {
    sts.destroy();
  });
  return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
}

async function requireReadable(path: string, source: 'explicit' | 'secret', aws: AwsConfig) {
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    const named =
      source === 'secret'
        ? `AWS_AUTHENTICATION_SECRET=${aws.authenticationSecret ?? ''} means its credentials file is mounted at ${path}`
        : `AWS_SHARED_CREDENTIALS_FILE=${path}`;
    throw new ChaosError({
      code: 'CREDENTIALS_ERROR',
      phase: 'credentials',
      target: path,
      reason: `${named}, but it cannot be read (${error instanceof Error ? error.message : String(error)})`,
      fix: 'mount the secret into the experiment pod at that path (ChaosExperiment spec.definition.secrets), or unset the variable to use IRSA / Pod Identity',
      cause: error,
    });
  }
}
