// The node's kubelet: cgroup v1 through cgroupfs (this machine's cgroups are v1, which
// kubelets from 1.35 refuse unless failCgroupV1 is false), its pods' cgroups under
// /ehc-node<N>, every folder of its own under the node's folder, in the node's mount and
// network namespaces. The API server reaches it on the node's address (logs, exec) and it
// trusts that caller without credentials: the address is the node's private link.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { startDaemon, type Daemon } from '../daemon.js';
import { toolPath } from '../paths.js';
import { waitUntil } from '../wait.js';
import { socketOf } from './containerd.js';
import { inNode, type NodeLayout } from './layout.js';

/** The cgroup v1 controllers that get the node's root (the kubelet checks each exists). */
export async function createCgroupRoot(layout: NodeLayout, controllers: readonly string[]) {
  for (const controller of controllers) {
    await mkdir(join('/sys/fs/cgroup', controller, layout.name), { recursive: true });
  }
}

function config(layout: NodeLayout): string {
  return JSON.stringify({
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    failCgroupV1: false,
    cgroupDriver: 'cgroupfs',
    cgroupRoot: `/${layout.name}`,
    containerRuntimeEndpoint: `unix://${socketOf(layout)}`,
    address: layout.nodeAddress,
    readOnlyPort: 0,
    healthzBindAddress: '127.0.0.1',
    authentication: { anonymous: { enabled: true }, webhook: { enabled: false } },
    authorization: { mode: 'AlwaysAllow' },
    podLogsDir: join(layout.dir, 'pod-logs'),
    volumePluginDir: join(layout.dir, 'kubelet-volume-plugins'),
    staticPodPath: '',
    // No eviction and no image garbage collection: a test node with a shared disk.
    evictionHard: {},
    imageGCHighThresholdPercent: 100,
    failSwapOn: false,
  });
}

export async function startKubelet(layout: NodeLayout, adminKubeconfig: string): Promise<Daemon> {
  const kubelet = await toolPath('kubelet');
  const file = join(layout.dir, 'kubelet.json');
  await writeFile(file, config(layout));
  return startDaemon(
    'kubelet',
    inNode(
      layout,
      kubelet,
      [
        `--config=${file}`,
        `--kubeconfig=${adminKubeconfig}`,
        `--root-dir=${join(layout.dir, 'kubelet')}`,
        `--hostname-override=${layout.name}`,
        `--node-ip=${layout.nodeAddress}`,
      ],
      true,
    ),
    join(layout.dir, 'kubelet.log'),
  );
}

/** Ready, without taints (the node lifecycle controller lifts not-ready), with its root CA. */
export async function waitForNode(
  admin: KubeConfig,
  layout: NodeLayout,
  kubelet: Daemon,
): Promise<void> {
  const core = admin.makeApiClient(CoreV1Api);
  await waitUntil(
    `Node ${layout.name} Ready and schedulable`,
    async () => {
      const node = await core.readNode({ name: layout.name });
      const ready = node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
      return ready === true && (node.spec?.taints ?? []).length === 0;
    },
    {
      timeoutMs: 120_000,
      intervalMs: 500,
      abortIf: () => (kubelet.isRunning() ? undefined : 'the kubelet exited'),
    },
  );
  await waitUntil(
    'the controller manager publishes kube-root-ca.crt and the default ServiceAccount',
    async () => {
      await core.readNamespacedConfigMap({ namespace: 'default', name: 'kube-root-ca.crt' });
      await core.readNamespacedServiceAccount({ namespace: 'default', name: 'default' });
      return true;
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  );
}
