/**
 * Who is calling: long-term keys from the fixture (or any key, as an IAM user named after
 * it, when the fixture lists none) and the temporary credentials STS hands out. A request
 * with temporary credentials must carry their session token, as AWS requires.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AwsError, accessDenied, authErrors, type Dialect } from './errors.js';
import { DEFAULT_ACCOUNT, type EmulatorFixture, type RoleFixture } from './fixture.js';

export interface Identity {
  accessKeyId: string;
  arn: string;
  userId: string;
  account: string;
}

export interface Session extends Identity {
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: number;
  roleArn: string;
  sessionName: string;
  assumedRoleId: string;
}

export interface AssumeRequest {
  /** undefined for AssumeRoleWithWebIdentity (the token is the credential). */
  caller: Identity | undefined;
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,64})$/;

export class IdentityStore {
  private readonly sessions = new Map<string, Session>();
  readonly account: string;

  constructor(
    private readonly fixture: EmulatorFixture,
    private readonly now: () => number,
  ) {
    this.account = fixture.account ?? DEFAULT_ACCOUNT;
  }

  resolve(accessKeyId: string, sessionToken: string | undefined, dialect: Dialect) {
    const session = this.sessions.get(accessKeyId);
    if (session !== undefined) {
      if (sessionToken !== session.sessionToken) return authErrors.unknownKey(dialect);
      if (session.expiresAt <= this.now()) return authErrors.expired(dialect);
      return identityOf(session);
    }
    if (accessKeyId.startsWith('ASIA')) return authErrors.unknownKey(dialect);
    return this.longTerm(accessKeyId) ?? authErrors.unknownKey(dialect);
  }

  /** The role a caller may assume, or the AccessDenied STS answers. */
  role(roleArn: string, caller: Identity | undefined): RoleFixture | AwsError {
    const who = caller?.arn ?? 'web-identity';
    const known = this.fixture.roles?.find((role) => role.arn === roleArn);
    const role = this.fixture.roles === undefined ? { arn: roleArn } : known;
    const trusted = role?.trustedPrincipalArns;
    if (role === undefined || (trusted !== undefined && !trusted.includes(who))) {
      return accessDenied('query', who, 'sts:AssumeRole', roleArn);
    }
    return role;
  }

  issue(request: AssumeRequest): Session {
    const match = ROLE_ARN.exec(request.roleArn);
    const account = match?.[1] ?? this.account;
    const roleName = match?.[2] ?? 'role';
    const roleId = `AROA${digest(request.roleArn, 17)}`;
    const session: Session = {
      accessKeyId: `ASIA${randomKey(16)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(96).toString('base64'),
      expiresAt: this.now() + request.durationSeconds * 1000,
      roleArn: request.roleArn,
      sessionName: request.sessionName,
      assumedRoleId: `${roleId}:${request.sessionName}`,
      arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${request.sessionName}`,
      userId: `${roleId}:${request.sessionName}`,
      account,
    };
    this.sessions.set(session.accessKeyId, session);
    return session;
  }

  /** For tests of credential refresh: every temporary credential issued so far expires now. */
  expireSessions(): void {
    for (const session of this.sessions.values()) session.expiresAt = this.now();
  }

  issued(): readonly Session[] {
    return [...this.sessions.values()];
  }

  private longTerm(accessKeyId: string): Identity | undefined {
    const principals = this.fixture.principals;
    if (principals === undefined) {
      const arn = `arn:aws:iam::${this.account}:user/${accessKeyId}`;
      return { accessKeyId, arn, userId: `AIDA${digest(arn, 17)}`, account: this.account };
    }
    const principal = principals.find((p) => p.accessKeyId === accessKeyId);
    if (principal === undefined) return undefined;
    const account = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(principal.arn)?.[1];
    return {
      accessKeyId,
      arn: principal.arn,
      userId: `AIDA${digest(principal.arn, 17)}`,
      account: account ?? this.account,
    };
  }
}

export function isRoleArn(value: string): boolean {
  return ROLE_ARN.test(value);
}

function identityOf(session: Session): Identity {
  const { accessKeyId, arn, userId, account } = session;
  return { accessKeyId, arn, userId, account };
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomKey(length: number): string {
  return [...randomBytes(length)].map((byte) => BASE32.charAt(byte % 32)).join('');
}

function digest(text: string, length: number): string {
  const bytes = createHash('sha256').update(text).digest();
  return [...bytes.subarray(0, length)].map((byte) => BASE32.charAt(byte % 32)).join('');
}
