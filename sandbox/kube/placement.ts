// Where the harness runs a control plane: by default on loopback, free ports, in this
// machine's namespaces (docs/decisions/0031); the test node (docs/decisions/0181) puts it
// in its own network namespace on fixed ports, reachable from this process and from pods.
import { freeLoopbackPort } from './credentials.js';

export interface Placement {
  /** The folder for data, certificates and logs; removed by stop() only when made here. */
  readonly folder?: string;
  /** Address etcd listens on and this process reaches it at. */
  readonly etcdHost: string;
  readonly etcdPorts: () => Promise<readonly [number, number]>;
  /** kube-apiserver's --bind-address and --advertise-address (the serving certificate's IP). */
  readonly bindAddress: string;
  readonly advertiseAddress: string;
  readonly apiPort: () => Promise<number>;
  /** The Service network; its first address is the `kubernetes` Service (a certificate SAN). */
  readonly serviceCidr: string;
  /** Flags added to kube-apiserver's own. */
  readonly apiArgs: readonly string[];
  /** Runs a daemon where it belongs, e.g. inside a network namespace: the command to spawn. */
  readonly wrap: (binary: string, args: readonly string[]) => readonly [string, string[]];
}

async function twoFreePorts(): Promise<readonly [number, number]> {
  const client = await freeLoopbackPort();
  let peer = await freeLoopbackPort();
  while (peer === client) peer = await freeLoopbackPort();
  return [client, peer];
}

export function loopbackPlacement(): Placement {
  return {
    etcdHost: '127.0.0.1',
    etcdPorts: twoFreePorts,
    bindAddress: '127.0.0.1',
    advertiseAddress: '127.0.0.1',
    apiPort: freeLoopbackPort,
    serviceCidr: '10.250.0.0/24',
    // Loopback cannot be the `kubernetes` Service's endpoint, and nothing here needs one.
    apiArgs: ['--endpoint-reconciler-type=none'],
    wrap: (binary, args) => [binary, [...args]],
  };
}
