// The test node's names and addresses (docs/decisions/0181). Index N (0..254) is claimed
// by creating the veth `ehc-node<N>`; everything of the node carries that name:
//   ehc-node<N>       network namespace, veth on the machine's side, Node name, cgroup root
//   10.214.N.0/30     the link: .1 on the machine (AWS emulator, load balancer), .2 the node
//                     (API server on :443, kubelet on :10250)
//   10.215.N.0/24     pods (the CNI bridge in the node's namespace masquerades them)
//   10.216.N.0/24     Services; 10.216.N.1, the `kubernetes` Service, is an address of the
//                     node's loopback, so pods reach the API server without kube-proxy
import { join } from 'node:path';

export interface NodeLayout {
  readonly index: number;
  readonly name: string;
  readonly dir: string;
  readonly netnsPath: string;
  readonly mountNamespace: string;
  readonly hostAddress: string;
  readonly nodeAddress: string;
  readonly podCidr: string;
  readonly serviceCidr: string;
  readonly apiServiceAddress: string;
}

/** The index range: each index owns one address of each of the three /16s. */
export const NODE_SLOTS = 255;
export const NODE_PREFIXES = { link: '10.214', pods: '10.215', services: '10.216' } as const;

export function layoutOf(index: number, dir: string): NodeLayout {
  if (!Number.isInteger(index) || index < 0 || index >= NODE_SLOTS) {
    throw new Error(`node index ${index} is outside 0..${NODE_SLOTS - 1}`);
  }
  const name = `ehc-node${index}`;
  return {
    index,
    name,
    dir,
    netnsPath: `/run/netns/${name}`,
    mountNamespace: join(dir, 'mntns'),
    hostAddress: `${NODE_PREFIXES.link}.${index}.1`,
    nodeAddress: `${NODE_PREFIXES.link}.${index}.2`,
    podCidr: `${NODE_PREFIXES.pods}.${index}.0/24`,
    serviceCidr: `${NODE_PREFIXES.services}.${index}.0/24`,
    apiServiceAddress: `${NODE_PREFIXES.services}.${index}.1`,
  };
}

/** A daemon in the node's network namespace (and, for the runtime side, its mounts). */
export function inNode(
  layout: NodeLayout,
  binary: string,
  args: readonly string[],
  withMounts = false,
): readonly [string, string[]] {
  const mount = withMounts ? [`--mount=${layout.mountNamespace}`] : [];
  return ['nsenter', [...mount, `--net=${layout.netnsPath}`, '--', binary, ...args]];
}
