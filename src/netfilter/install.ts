import type { Netfilter } from './netfilter.js';
import {
  jumpRule,
  keeperRule,
  newChain,
  redirectRule,
  type Family,
  type RedirectSpec,
} from './rules.js';

/**
 * Keeper first (conntrack stays registered from before the first redirect until after
 * the last proxied connection), then the chain and its REDIRECT (on a lease from
 * `nowMs`), and the jump last so nothing is redirected into a half-built chain. The
 * caller removes everything tagged with the id if this throws.
 */
export async function installRedirect(
  netfilter: Netfilter,
  families: readonly Family[],
  spec: RedirectSpec,
  nowMs: number,
): Promise<void> {
  for (const family of families) await netfilter.apply(family, keeperRule(spec.chaosId));
  for (const family of families) {
    await netfilter.apply(family, newChain(spec.chaosId));
    await netfilter.apply(family, redirectRule(spec, nowMs));
  }
  for (const family of families) await netfilter.apply(family, jumpRule(spec));
}
