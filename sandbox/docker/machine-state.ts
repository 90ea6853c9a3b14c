import { readFile } from 'node:fs/promises';
import { run } from './process.js';

const SAVERS = ['iptables-save', 'ip6tables-save', 'iptables-legacy-save', 'ip6tables-legacy-save'];

/**
 * The machine's packet-filter state without what changes by itself (the generated-at
 * comments and the packet counters): two snapshots are equal when nobody added, removed
 * or changed a table, chain, policy or rule.
 */
export async function firewallSnapshot(): Promise<string> {
  const parts: string[] = [];
  for (const saver of SAVERS) {
    const saved = await run(saver, [], { allowFailure: true });
    const lines = saved.stdout
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .map((line) => line.replace(/\[\d+:\d+\]/g, '[counters]'));
    parts.push(`== ${saver} (exit ${saved.code})`, ...lines);
  }
  for (const sysctl of ['net/ipv4/ip_forward', 'net/ipv6/conf/all/forwarding']) {
    const value = await readFile(`/proc/sys/${sysctl}`, 'utf8').catch(() => 'absent');
    parts.push(`== ${sysctl} ${value.trim()}`);
  }
  return parts.join('\n');
}
