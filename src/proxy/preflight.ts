import { ChaosError } from '../errors/index.js';
import { chooseBackend, measureUsage } from '../netfilter/backend.js';
import { Netfilter } from '../netfilter/netfilter.js';
import type { NamespaceFacts } from '../netfilter/namespace.js';
import type { Family } from '../netfilter/rules.js';
import { installedToolsets, type ExecProgram } from '../netfilter/tools.js';

/** Where and how the redirect goes in this namespace. */
export interface Placement {
  readonly netfilter: Netfilter;
  readonly backendWhy: string;
  readonly interfaceName: string;
  readonly families: readonly Family[];
  /** Every installed backend, for removing stale artefacts whichever backend left them. */
  readonly all: readonly Netfilter[];
}

function invalid(reason: string, fix: string, target?: string): ChaosError {
  return new ChaosError({
    code: 'CONFIG_INVALID',
    phase: 'proxy-config',
    reason,
    fix,
    ...(target === undefined ? {} : { target }),
  });
}

export function noIptables(): ChaosError {
  return invalid(
    'no iptables found: looked for iptables-nft/iptables-nft-save and iptables-legacy/iptables-legacy-save on PATH',
    "install Debian's iptables package, or run the ecs-http-chaos image, which carries it",
  );
}

/** `--interface auto` is the default route's interface; a named one must exist here. */
export function resolveInterface(requested: string, facts: NamespaceFacts): string {
  const present = facts.interfaces.join(', ');
  if (requested === 'auto') {
    if (facts.defaultRouteInterface !== undefined) return facts.defaultRouteInterface;
    throw invalid(
      `--interface 'auto': this network namespace has no default route (interfaces here: ${present})`,
      'name the interface clients arrive on, e.g. --interface eth0',
      '--interface',
    );
  }
  if (facts.interfaces.includes(requested)) return requested;
  throw invalid(
    `--interface '${requested}': no such interface in this network namespace (interfaces here: ${present})`,
    'pass one of those, or --interface auto for the default route interface, e.g. --interface eth0',
    '--interface',
  );
}

export async function placeRedirect(
  requestedInterface: string,
  facts: NamespaceFacts,
  pathValue: string | undefined,
  run: ExecProgram,
): Promise<Placement> {
  const interfaceName = resolveInterface(requestedInterface, facts);
  const toolsets = installedToolsets(pathValue);
  const choice = chooseBackend(await measureUsage(toolsets, run));
  const chosen = toolsets.find((t) => t.backend === choice?.backend);
  if (choice === undefined || chosen === undefined) throw noIptables();
  const netfilter = new Netfilter(chosen, run);
  const ipv6 = facts.ipv6Interfaces.includes(interfaceName);
  if (ipv6 && !netfilter.supports('ipv6')) {
    throw invalid(
      `interface ${interfaceName} has IPv6 enabled but ip6tables (${choice.backend}) is not installed, so IPv6 clients could not be redirected`,
      "install Debian's iptables package (it carries ip6tables), or disable IPv6 in the namespace",
      '--interface',
    );
  }
  return {
    netfilter,
    backendWhy: choice.why,
    interfaceName,
    families: ipv6 ? ['ipv4', 'ipv6'] : ['ipv4'],
    all: toolsets.map((t) => new Netfilter(t, run)),
  };
}
