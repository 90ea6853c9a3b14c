import { access, constants, stat } from 'node:fs/promises';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { AwsConfig, CredentialsFile } from '../config/run-config.js';
import { ChaosError } from '../errors/chaos-error.js';
import { assumeRoleProvider, sessionNameFor } from './assume-role.js';
import { call, stsClient, type CredentialsProvider, type SignalOf } from './clients.js';
import { messageOf } from '../core/message.js';

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
  /** Said once as a warning: a credentials file that does not exist was ignored (ADR 0155). */
  readonly warning?: string;
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
  const { file, warning } = await credentialsFileOf(aws);
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
  const identity = await callerIdentity(aws.region, provider, signalOf).catch((error: unknown) => {
    throw warning === undefined ? error : withMissingFile(error, warning);
  });
  return { provider, identity, source, ...(warning === undefined ? {} : { warning }) };
}

/**
 * The file to read, if any. Litmus's AWS SDK (Go v1, shared config enabled) skips a
 * credentials file it cannot open and goes on down its chain (ADR 0155): IRSA then works
 * with the chart's variable still set. A missing file is therefore a warning, not an error.
 */
async function credentialsFileOf(
  aws: AwsConfig,
): Promise<{ file: CredentialsFile | undefined; warning?: string }> {
  const named = aws.credentialsFile;
  if (named === undefined) return { file: undefined };
  if (!(await exists(named.path))) {
    const warning = `${describeFile(named, aws)}, but it does not exist: ignored, as Litmus does; credentials come from ${CHAIN}`;
    return { file: undefined, warning };
  }
  await requireReadable(named.path, named.source, aws);
  return { file: named };
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

function describeFile(file: CredentialsFile, aws: AwsConfig): string {
  return file.source === 'secret'
    ? `AWS_AUTHENTICATION_SECRET=${aws.authenticationSecret ?? ''} means its credentials file is mounted at ${file.path}`
    : `AWS_SHARED_CREDENTIALS_FILE=${file.path}`;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (error: unknown) => (error as { code?: unknown }).code !== 'ENOENT',
  );
}

/** The chain found nothing either: the missing file is the first thing to look at. */
function withMissingFile(error: unknown, warning: string): unknown {
  if (!(error instanceof ChaosError)) return error;
  return new ChaosError({
    code: error.code,
    phase: error.phase,
    ...(error.target === undefined ? {} : { target: error.target }),
    reason: `${warning}; then: ${error.reason}`,
    fix: 'mount the secret into the experiment pod at that path (ChaosExperiment spec.definition.secrets), or give the pod IRSA / Pod Identity',
    cause: error,
  });
}

/** A file that exists but cannot be read is a mistake to name, not a file to skip. */
async function requireReadable(path: string, source: 'explicit' | 'secret', aws: AwsConfig) {
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    const named = describeFile({ path, source }, aws);
    throw new ChaosError({
      code: 'CREDENTIALS_ERROR',
      phase: 'credentials',
      target: path,
      reason: `${named}, but it cannot be read (${messageOf(error)})`,
      fix: 'mount the secret into the experiment pod at that path (ChaosExperiment spec.definition.secrets), or unset the variable to use IRSA / Pod Identity',
      cause: error,
    });
  }
}
