/** What every operation handler receives: the world, the caller and the decoded input. */
import type { AwsError } from './errors.js';
import type { Identity, IdentityStore } from './identity.js';
import type { Input } from './input.js';
import type { EmulatorState } from './state.js';
import type { CommandService } from './ssm/commands.js';

export interface CallContext {
  state: EmulatorState;
  identities: IdentityStore;
  commands: CommandService;
  /** Undefined only for the unsigned STS call (AssumeRoleWithWebIdentity). */
  identity: Identity | undefined;
  /** The region of the credential scope: resources exist only in the fixture's region. */
  region: string;
  input: Input;
}

export type Handler = (ctx: CallContext) => unknown;

export interface ServiceDefinition {
  /** The IAM prefix and SigV4 service name: ecs, ssm, sts. */
  name: 'ecs' | 'ssm' | 'sts';
  operations: Readonly<Record<string, Handler>>;
  invalid: (member: string, value: unknown, rule: string) => AwsError;
  /** The resource an AccessDenied message names for this call. */
  resourceOf: (operation: string, ctx: CallContext) => string;
}
