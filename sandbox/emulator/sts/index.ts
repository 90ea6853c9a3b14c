/**
 * STS over the query protocol (form-encoded `Action=…&Version=2011-06-15`, XML answers),
 * which is what @aws-sdk/client-sts sends (AwsQueryProtocol in its runtime config).
 * Caller identity follows the access key; AssumeRole issues temporary credentials whose
 * later calls show the assumed-role identity.
 */
import { AwsError, validationError } from '../errors.js';
import { isRoleArn, type Identity, type Session } from '../identity.js';
import type { CallContext, ServiceDefinition } from '../service.js';

const SESSION_NAME = /^[\w+=,.@-]*$/;

function required(ctx: CallContext, member: string): string {
  const value = ctx.input.string(member);
  if (value === undefined || value === '') {
    throw validationError('query', lower(member), 'null', 'Member must not be null');
  }
  return value;
}

const lower = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

function readAssume(ctx: CallContext) {
  const roleArn = required(ctx, 'RoleArn');
  if (roleArn.length < 20) {
    throw validationError(
      'query',
      'roleArn',
      roleArn,
      'Member must have length greater than or equal to 20',
    );
  }
  if (!isRoleArn(roleArn)) throw new AwsError('ValidationError', 'Request ARN is invalid');
  const sessionName = readSessionName(ctx);
  const raw = ctx.input.string('DurationSeconds');
  const duration = raw === undefined ? 3600 : Number(raw);
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
    throw validationError(
      'query',
      'durationSeconds',
      raw,
      'Member must have value between 900 and 43200',
    );
  }
  return { roleArn, sessionName, duration };
}

function readSessionName(ctx: CallContext): string {
  const sessionName = required(ctx, 'RoleSessionName');
  if (sessionName.length < 2 || sessionName.length > 64) {
    const rule = sessionName.length < 2 ? 'greater than or equal to 2' : 'less than or equal to 64';
    throw validationError(
      'query',
      'roleSessionName',
      sessionName,
      `Member must have length ${rule}`,
    );
  }
  if (!SESSION_NAME.test(sessionName)) {
    throw validationError(
      'query',
      'roleSessionName',
      sessionName,
      'Member must satisfy regular expression pattern: [\\w+=,.@-]*',
    );
  }
  return sessionName;
}

function assume(ctx: CallContext, caller: Identity | undefined): Session {
  const { roleArn, sessionName, duration } = readAssume(ctx);
  const role = ctx.identities.role(roleArn, caller);
  if (role instanceof AwsError) throw role;
  if (duration > (role.maxSessionDuration ?? 3600)) {
    throw new AwsError(
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  return ctx.identities.issue({ caller, roleArn, sessionName, durationSeconds: duration });
}

function credentialsOf(session: Session) {
  return {
    AssumedRoleUser: { Arn: session.arn, AssumedRoleId: session.assumedRoleId },
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: new Date(session.expiresAt).toISOString(),
    },
  };
}

function subjectOf(token: string): string {
  const payload = token.split('.')[1];
  try {
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as unknown;
    const sub = (claims as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : 'unknown';
  } catch {
    return 'unknown';
  }
}

export const stsService: ServiceDefinition = {
  name: 'sts',
  operations: {
    GetCallerIdentity: (ctx) => {
      const identity = ctx.identity;
      return identity && { UserId: identity.userId, Account: identity.account, Arn: identity.arn };
    },
    AssumeRole: (ctx) => ({ ...credentialsOf(assume(ctx, ctx.identity)), PackedPolicySize: 0 }),
    AssumeRoleWithWebIdentity: (ctx) => {
      const token = required(ctx, 'WebIdentityToken');
      if (token.length < 4) {
        throw validationError(
          'query',
          'webIdentityToken',
          '***',
          'Member must have length greater than or equal to 4',
        );
      }
      return {
        ...credentialsOf(assume(ctx, undefined)),
        SubjectFromWebIdentityToken: subjectOf(token),
        Audience: 'sts.amazonaws.com',
        Provider: 'oidc.emulator.local',
      };
    },
  },
  invalid: (member, value, rule) => validationError('query', member, value, rule),
  resourceOf: (operation, ctx) =>
    operation.startsWith('AssumeRole') ? (ctx.input.string('RoleArn') ?? '*') : '*',
};

/** Calls STS answers without a signature: the web identity token is the credential. */
export const UNSIGNED_STS_OPERATIONS = new Set(['AssumeRoleWithWebIdentity']);
