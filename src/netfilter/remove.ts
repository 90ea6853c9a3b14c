import type { Netfilter } from './netfilter.js';
import { planRemoval, type Removal, type Scope, type Selector } from './plan.js';
import type { Backend, Family } from './rules.js';
import { messageOf } from '../core/message.js';

export interface RemovalReport {
  readonly backend: Backend;
  readonly family: Family;
  readonly removed: readonly Removal[];
  readonly failures: readonly string[];
  /** What still carries our tag after the removal: must be empty. */
  readonly remaining: readonly string[];
}

/**
 * Deletes, one by one and in order, what `planRemoval` selects, then reads the tables
 * again to prove it is gone (unless there was nothing to delete). A failure does not stop the rest: every other artefact is
 * still removed, and the report says what is left.
 */
export async function removeTagged(
  netfilter: Netfilter,
  family: Family,
  selector: Selector,
  scope: Scope,
): Promise<RemovalReport> {
  const removed: Removal[] = [];
  const failures: string[] = [];
  const plan = planRemoval(await netfilter.save(family), selector, scope);
  // Nothing tagged: that read is already the proof (the common case at every start).
  if (plan.length === 0) {
    return { backend: netfilter.backend, family, removed, failures, remaining: [] };
  }
  for (const removal of plan) {
    try {
      if (await netfilter.remove(family, removal.args)) removed.push(removal);
    } catch (error) {
      failures.push(messageOf(error));
    }
  }
  const remaining = planRemoval(await netfilter.save(family), selector, scope).map((r) => r.text);
  return { backend: netfilter.backend, family, removed, failures, remaining };
}

/** Every family of every given backend: a stale artefact is found wherever it was left. */
export async function removeEverywhere(
  netfilters: readonly Netfilter[],
  selector: Selector,
  scope: Scope,
): Promise<RemovalReport[]> {
  const reports: RemovalReport[] = [];
  for (const netfilter of netfilters) {
    for (const family of ['ipv4', 'ipv6'] as const) {
      if (!netfilter.supports(family)) continue;
      try {
        reports.push(await removeTagged(netfilter, family, selector, scope));
      } catch (error) {
        const reason = messageOf(error);
        reports.push({
          backend: netfilter.backend,
          family,
          removed: [],
          failures: [reason],
          remaining: [],
        });
      }
    }
  }
  return reports;
}

export function isClean(reports: readonly RemovalReport[]): boolean {
  return reports.every((r) => r.remaining.length === 0 && r.failures.length === 0);
}

/** How many rules and chains the reports removed, across every backend. */
export function removedCount(reports: readonly RemovalReport[]): number {
  return reports.reduce((sum, r) => sum + r.removed.length, 0);
}
