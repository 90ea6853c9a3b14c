/**
 * An identity policy document, as IAM evaluates its actions: a call is allowed when an
 * Allow statement names its action (wildcards `*` and `?` as IAM reads them, case
 * insensitive) and no Deny statement does. Resources and conditions are not evaluated:
 * the tests ask which actions a policy grants. GetCallerIdentity needs no permission.
 */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
}

export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly PolicyStatement[];
}

/** AWS documents that GetCallerIdentity cannot be denied. */
const ALWAYS_ALLOWED = new Set(['sts:getcalleridentity']);

function patternOf(action: string): RegExp {
  const escaped = action.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
}

function names(statement: PolicyStatement, action: string): boolean {
  // NotAction and friends are not read here: a statement without Action must not pass silently.
  if ((statement.Action as unknown) === undefined) {
    throw new Error(`policy statement ${statement.Sid ?? ''} without Action: not supported here`);
  }
  return [statement.Action].flat().some((pattern) => patternOf(pattern).test(action));
}

export function policyAllows(policy: PolicyDocument, action: string): boolean {
  if (ALWAYS_ALLOWED.has(action.toLowerCase())) return true;
  const matching = policy.Statement.filter((statement) => names(statement, action));
  if (matching.some((statement) => statement.Effect === 'Deny')) return false;
  return matching.some((statement) => statement.Effect === 'Allow');
}
