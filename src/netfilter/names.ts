import { createHash } from 'node:crypto';

const CHAIN_PREFIX = 'EHC-';
/** `EHC-` + 10 hex: iptables chain names are at most 28 characters (docs/decisions/0003). */
export const CHAIN_PATTERN = /^EHC-[0-9a-f]{10}$/;

export function chainName(chaosId: string): string {
  return CHAIN_PREFIX + createHash('sha256').update(chaosId).digest('hex').slice(0, 10);
}

/** Comment on the jump and the chain's rule; no spaces, so iptables -S output splits cleanly. */
export function ruleComment(chaosId: string): string {
  return `ecs-http-chaos/${chaosId}`;
}

/** Comment on the conntrack keeper in filter INPUT. */
export function keeperComment(chaosId: string): string {
  return `ecs-http-chaos-keeper/${chaosId}`;
}

export type TagKind = 'rule' | 'keeper';

export interface Tag {
  readonly kind: TagKind;
  readonly chaosId: string;
}

// The tag is the whole comment: a quote opened before it must close right after it.
const TAG_IN_RULE = /--comment\s+("?)ecs-http-chaos(-keeper)?\/([a-z0-9-]{1,64})\1(?:\s|$)/;

/** The tag carried by one iptables-save rule line, if it is ours. */
export function tagOf(ruleLine: string): Tag | undefined {
  const match = TAG_IN_RULE.exec(ruleLine);
  if (match === null) return undefined;
  return { kind: match[2] === undefined ? 'rule' : 'keeper', chaosId: match[3] ?? '' };
}
