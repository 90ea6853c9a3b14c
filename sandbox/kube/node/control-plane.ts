// The node's control plane, all in its network namespace (fixed ports, nothing shared with
// the machine): etcd and kube-apiserver as the API harness starts them (its placement
// here: :443 on every address of the namespace, so pods reach it at the `kubernetes`
// Service address), then kube-controller-manager (Jobs, Deployments, garbage collection,
// ServiceAccounts, the root CA ConfigMap) and kube-scheduler.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startKubeApi, type KubeApi } from '../api-server.js';
import { startDaemon, type Daemon } from '../daemon.js';
import { toolPath } from '../paths.js';
import type { Placement } from '../placement.js';
import { inNode, type NodeLayout } from './layout.js';

export function nodePlacement(layout: NodeLayout): Placement {
  return {
    folder: layout.dir,
    etcdHost: layout.nodeAddress,
    etcdPorts: () => Promise.resolve([2379, 2380] as const),
    bindAddress: '0.0.0.0',
    advertiseAddress: layout.nodeAddress,
    apiPort: () => Promise.resolve(443),
    serviceCidr: layout.serviceCidr,
    apiArgs: [
      // No kube-proxy: the Service address is the API server's own (layout.ts).
      '--endpoint-reconciler-type=none',
      // The kubelet's Hostname does not resolve: logs and exec go to its InternalIP.
      '--kubelet-preferred-address-types=InternalIP',
    ],
    wrap: (binary, args) => inNode(layout, binary, args),
  };
}

export interface ControlPlane {
  readonly api: KubeApi;
  /** kubeconfig file of the test's admin, for the node's components. */
  readonly adminKubeconfig: string;
  readonly controllers: readonly Daemon[];
}

/**
 * The self-signed serving certificate file holds the certificate and then its CA; the
 * root CA that pods trust (kube-root-ca.crt) is that last certificate alone.
 */
export function rootCertificate(chain: string): string {
  const blocks = chain.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  const last = blocks?.at(-1);
  if (last === undefined) throw new Error('the API server certificate file holds no certificate');
  return `${last}\n`;
}

export async function startControlPlane(layout: NodeLayout): Promise<ControlPlane> {
  const api = await startKubeApi(nodePlacement(layout));
  const controllers: Daemon[] = [];
  try {
    const dir = layout.dir;
    const adminKubeconfig = await api.writeKubeconfig(api.adminToken);
    const rootCa = join(dir, 'root-ca.crt');
    await writeFile(rootCa, rootCertificate(api.ca));
    const [manager, scheduler] = await Promise.all([
      toolPath('kube-controller-manager'),
      toolPath('kube-scheduler'),
    ]);
    const managerArgs = [
      `--kubeconfig=${adminKubeconfig}`,
      `--root-ca-file=${rootCa}`,
      `--service-account-private-key-file=${join(dir, 'service-account.key')}`,
      '--use-service-account-credentials=false',
      '--leader-elect=false',
      `--cert-dir=${join(dir, 'controller-manager')}`,
      // Its default is a folder of the machine, created at start-up.
      `--flex-volume-plugin-dir=${join(dir, 'controller-manager', 'flex')}`,
    ];
    controllers.push(
      startDaemon(
        'kube-controller-manager',
        inNode(layout, manager, managerArgs),
        join(dir, 'kube-controller-manager.log'),
      ),
      startDaemon(
        'kube-scheduler',
        inNode(layout, scheduler, [
          `--kubeconfig=${adminKubeconfig}`,
          '--leader-elect=false',
          `--cert-dir=${join(dir, 'scheduler')}`,
        ]),
        join(dir, 'kube-scheduler.log'),
      ),
    );
    return { api, adminKubeconfig, controllers };
  } catch (error) {
    for (const daemon of controllers) await daemon.stop();
    await api.stop();
    throw error;
  }
}
