import { Netfilter } from './netfilter.js';
import type { Backend, Family } from './rules.js';
import type { SavedTable } from './save.js';
import type { ExecProgram, Toolset } from './tools.js';

/** How much a backend is already used in this namespace. */
export interface BackendUsage {
  readonly backend: Backend;
  readonly tables: number;
  readonly rules: number;
}

export interface BackendChoice {
  readonly backend: Backend;
  readonly why: string;
}

/**
 * Rules of both backends live in separate kernel tables and are both evaluated, so we
 * join whichever the namespace already uses and never add the other. A fresh namespace
 * (a container's) uses neither: nft then, the default of current distributions.
 */
export function chooseBackend(usage: readonly BackendUsage[]): BackendChoice | undefined {
  const inUse = usage.filter((u) => u.tables > 0);
  const [first, second] = inUse;
  if (first !== undefined && second === undefined) {
    return { backend: first.backend, why: `the namespace already has ${first.backend} tables` };
  }
  if (first !== undefined && second !== undefined) {
    const busiest = second.rules > first.rules ? second : first;
    return {
      backend: busiest.backend,
      why: `the namespace has both nft and legacy tables; ${busiest.backend} holds more rules (${busiest.rules})`,
    };
  }
  const fallback = usage.find((u) => u.backend === 'nft') ?? usage[0];
  if (fallback === undefined) return undefined;
  return { backend: fallback.backend, why: 'the namespace has no iptables tables yet' };
}

function count(tables: readonly SavedTable[]): { tables: number; rules: number } {
  return {
    tables: tables.length,
    rules: tables.reduce((sum, table) => sum + table.rules.length, 0),
  };
}

// A backend whose save fails (kernel module missing) is treated as unused, so the other
// one is chosen; if that is the only one, installing reports the real error.
async function countOrNothing(
  netfilter: Netfilter,
  family: Family,
): Promise<{ tables: number; rules: number }> {
  if (!netfilter.supports(family)) return { tables: 0, rules: 0 };
  try {
    return count(await netfilter.save(family));
  } catch {
    return { tables: 0, rules: 0 };
  }
}

/** Looks at both families through each installed backend's save command (read only). */
export async function measureUsage(
  toolsets: readonly Toolset[],
  run: ExecProgram,
): Promise<BackendUsage[]> {
  const usage: BackendUsage[] = [];
  for (const toolset of toolsets) {
    const netfilter = new Netfilter(toolset, run);
    const v4 = await countOrNothing(netfilter, 'ipv4');
    const v6 = await countOrNothing(netfilter, 'ipv6');
    usage.push({
      backend: toolset.backend,
      tables: v4.tables + v6.tables,
      rules: v4.rules + v6.rules,
    });
  }
  return usage;
}
