import { CHAIN_PATTERN, chainName, tagOf } from './names.js';
import type { SavedRule, SavedTable } from './save.js';

/** Whose artefacts to remove: one chaos id, or everything this tool ever tags. */
export type Selector = { readonly chaosId: string } | { readonly all: true };

/**
 * `jumps`: only the PREROUTING jumps (the window end: no new redirects, while the chain
 * and the keeper stay for the connections still being proxied). `everything`: jumps,
 * the chain's rules, the chain, and the keeper last.
 */
export type Scope = 'jumps' | 'everything';

export interface Removal {
  readonly what: 'rule' | 'chain';
  readonly table: string;
  readonly chain: string;
  /** iptables arguments, without the binary and the lock wait. */
  readonly args: readonly string[];
  /** The iptables-save line (rules) or chain name, for the report. */
  readonly text: string;
}

function selects(selector: Selector, chaosId: string): boolean {
  return 'all' in selector || selector.chaosId === chaosId;
}

function isOwnChain(selector: Selector, chain: string): boolean {
  return 'all' in selector ? CHAIN_PATTERN.test(chain) : chain === chainName(selector.chaosId);
}

function deleteRule(rule: SavedRule): Removal {
  return {
    what: 'rule',
    table: rule.table,
    chain: rule.chain,
    args: ['-t', rule.table, '-D', rule.chain, ...rule.args],
    text: rule.line,
  };
}

type Bucket = 'jumps' | 'inChains' | 'keepers';

function bucketOf(
  rule: SavedRule,
  selector: Selector,
  ownChains: readonly string[],
): Bucket | undefined {
  const tag = tagOf(rule.line);
  if (tag === undefined || !selects(selector, tag.chaosId)) return undefined;
  if (tag.kind === 'keeper') return 'keepers';
  return ownChains.includes(rule.chain) ? 'inChains' : 'jumps';
}

/**
 * Only lines carrying our tag are ever deleted, and our chains only once empty of them:
 * nothing is flushed, so rules of Docker, the ECS agent or a mesh are never touched.
 */
export function planRemoval(
  tables: readonly SavedTable[],
  selector: Selector,
  scope: Scope,
): Removal[] {
  const buckets: Record<Bucket, Removal[]> = { jumps: [], inChains: [], keepers: [] };
  const chains: Removal[] = [];
  for (const table of tables) {
    const ownChains =
      table.name === 'nat' ? table.chains.filter((c) => isOwnChain(selector, c)) : [];
    for (const rule of table.rules) {
      const bucket = bucketOf(rule, selector, ownChains);
      if (bucket !== undefined) buckets[bucket].push(deleteRule(rule));
    }
    for (const chain of ownChains) {
      chains.push({
        what: 'chain',
        table: 'nat',
        chain,
        args: ['-t', 'nat', '-X', chain],
        text: chain,
      });
    }
  }
  if (scope === 'jumps') return buckets.jumps.filter((r) => r.table === 'nat');
  return [...buckets.jumps, ...buckets.inChains, ...chains, ...buckets.keepers];
}
