import { readFile } from 'node:fs/promises';

/** Reads a file of /proc; injected so the parsers are tested with plain strings. */
export type ReadProcFile = (path: string) => Promise<string | undefined>;

export const readProcFile: ReadProcFile = async (path) => {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** Interface names of the current network namespace (/proc/net is per namespace). */
export function parseInterfaces(procNetDev: string): string[] {
  return procNetDev
    .split('\n')
    .slice(2)
    .map((line) => line.split(':')[0]?.trim() ?? '')
    .filter((name) => name !== '');
}

const RTF_UP = 0x1;

/** The interface of the IPv4 default route with the lowest metric, from /proc/net/route. */
export function parseDefaultRoute(procNetRoute: string): string | undefined {
  let best: { name: string; metric: number } | undefined;
  for (const line of procNetRoute.split('\n').slice(1)) {
    const [name, destination, , flags, , , metric, mask] = line.trim().split(/\s+/);
    if (name === undefined || destination !== '00000000' || mask !== '00000000') continue;
    if ((Number.parseInt(flags ?? '0', 16) & RTF_UP) === 0) continue;
    const value = Number(metric);
    if (best === undefined || value < best.metric) best = { name, metric: value };
  }
  return best?.name;
}

/** The interface of an IPv6 default route (/proc/net/ipv6_route), for IPv6-only namespaces. */
export function parseDefaultRoute6(procNetIpv6Route: string): string | undefined {
  for (const line of procNetIpv6Route.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const [destination, prefix] = fields;
    const flags = Number.parseInt(fields[8] ?? '0', 16);
    const name = fields[9];
    if (destination !== '0'.repeat(32) || prefix !== '00' || name === undefined || name === 'lo') {
      continue;
    }
    if ((flags & RTF_UP) !== 0) return name;
  }
  return undefined;
}

export interface NamespaceFacts {
  readonly interfaces: readonly string[];
  readonly defaultRouteInterface: string | undefined;
  /**
   * Interfaces with IPv6 enabled. Enabled, not "has a global address": link-local
   * addresses appear a moment after the link comes up, and the answer must not depend
   * on when the proxy starts.
   */
  readonly ipv6Interfaces: readonly string[];
}

export async function readNamespaceFacts(
  read: ReadProcFile = readProcFile,
): Promise<NamespaceFacts> {
  const interfaces = parseInterfaces((await read('/proc/net/dev')) ?? '');
  const v4 = parseDefaultRoute((await read('/proc/net/route')) ?? '');
  const v6 = parseDefaultRoute6((await read('/proc/net/ipv6_route')) ?? '');
  const ipv6Interfaces: string[] = [];
  for (const name of interfaces) {
    const disabled = await read(`/proc/sys/net/ipv6/conf/${name}/disable_ipv6`);
    if (disabled?.trim() === '0') ipv6Interfaces.push(name);
  }
  return { interfaces, defaultRouteInterface: v4 ?? v6, ipv6Interfaces };
}
