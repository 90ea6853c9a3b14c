// The node's container runtime: containerd v2 (CRI) with Debian's runc and the CNI bridge,
// every path of its own under the node's folder, running in the node's mount and network
// namespaces (node-ns.sh, layout.ts). Images come from the local dockerd by
// `docker save | ctr import` into the `k8s.io` namespace, the one the CRI reads: no
// registry anywhere, and the sandbox (pause) image is one of them.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipe, run } from '../../docker/process.js';
import { sourceDockerHost } from '../../docker/images.js';
import { startDaemon, type Daemon } from '../daemon.js';
import { toolPath } from '../paths.js';
import { waitUntil } from '../wait.js';
import { inNode, type NodeLayout } from './layout.js';

/** The pod sandbox: the busybox pause of the ECS fixtures (`make test-images`). */
export const SANDBOX_IMAGE = 'ehc-test/ecs-pause:dev';
const RUNC = '/usr/sbin/runc';

export const socketOf = (layout: NodeLayout): string => join(layout.dir, 'containerd.sock');

/** TOML of containerd's config version 4 (containerd 2.x). */
function config(layout: NodeLayout, cniBin: string): string {
  const dir = (...parts: string[]) => `'${join(layout.dir, ...parts)}'`;
  return `version = 4
root = ${dir('containerd', 'root')}
state = ${dir('containerd', 'state')}
imports = []
disabled_plugins = ['io.containerd.nri.v1.nri', 'io.containerd.snapshotter.v1.blockfile',
  'io.containerd.snapshotter.v1.devmapper', 'io.containerd.snapshotter.v1.zfs',
  'io.containerd.snapshotter.v1.erofs', 'io.containerd.differ.v1.erofs']

[plugins.'io.containerd.cri.v1.images']
  snapshotter = 'overlayfs'
[plugins.'io.containerd.cri.v1.images'.pinned_images]
  sandbox = 'docker.io/${SANDBOX_IMAGE}'
[plugins.'io.containerd.cri.v1.runtime']
  netns_mounts_under_state_dir = true
  # This machine's root lacks CAP_SYS_RESOURCE: no process may lower its OOM score, and
  # the kubelet asks -998 for sandboxes. Restricted, scores never go below containerd's.
  restrict_oom_score_adj = true
  enable_criu = false
  cdi_spec_dirs = []
[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
  BinaryName = '${RUNC}'
  Root = ${dir('containerd', 'state', 'runc')}
  SystemdCgroup = false
[plugins.'io.containerd.cri.v1.runtime'.cni]
  bin_dirs = ['${cniBin}']
  conf_dir = ${dir('cni', 'conf')}
[plugins.'io.containerd.grpc.v1.cri']
  stream_server_address = '127.0.0.1'
[plugins.'io.containerd.internal.v1.opt']
  path = ${dir('containerd', 'opt')}
[plugins.'io.containerd.image-verifier.v1.bindir']
  bin_dir = ${dir('containerd', 'image-verifier')}
[plugins.'io.containerd.server.v1.grpc']
  address = '${socketOf(layout)}'
[plugins.'io.containerd.server.v1.ttrpc']
  address = '${socketOf(layout)}.ttrpc'
[plugins.'io.containerd.shim.v1.manager']
  socket_dir = ${dir('containerd', 's')}
`;
}

/** One bridge in the node's namespace; pods leave it masqueraded behind the node's address. */
function cniConfig(layout: NodeLayout): string {
  return JSON.stringify({
    cniVersion: '1.0.0',
    name: layout.name,
    plugins: [
      {
        type: 'bridge',
        bridge: 'cni0',
        isGateway: true,
        ipMasq: true,
        ipam: {
          type: 'host-local',
          ranges: [[{ subnet: layout.podCidr }]],
          routes: [{ dst: '0.0.0.0/0' }],
          dataDir: join(layout.dir, 'cni', 'ipam'),
        },
      },
    ],
  });
}

export async function startContainerd(layout: NodeLayout): Promise<Daemon> {
  const [containerd, bridge] = await Promise.all([toolPath('containerd'), toolPath('bridge')]);
  const cniBin = dirname(bridge);
  await mkdir(join(layout.dir, 'cni', 'conf'), { recursive: true });
  await writeFile(join(layout.dir, 'cni', 'conf', '10-ehc.conflist'), cniConfig(layout));
  const file = join(layout.dir, 'containerd.toml');
  await writeFile(file, config(layout, cniBin));
  // The shim is found on PATH; the bridge plugin runs iptables for its masquerade.
  const path = `${dirname(containerd)}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;
  const daemon = startDaemon(
    'containerd',
    inNode(layout, containerd, ['--config', file], true),
    join(layout.dir, 'containerd.log'),
    { PATH: path },
  );
  await waitUntil(
    `containerd on ${socketOf(layout)}`,
    async () => (await ctr(layout, ['version'], true)).code === 0,
    {
      timeoutMs: 60_000,
      intervalMs: 200,
      abortIf: () => (daemon.isRunning() ? undefined : 'containerd exited'),
    },
  );
  return daemon;
}

async function ctr(layout: NodeLayout, args: readonly string[], allowFailure = false) {
  const binary = await toolPath('ctr');
  return run(binary, ['--address', socketOf(layout), '--namespace', 'k8s.io', ...args], {
    allowFailure,
  });
}

/** `docker save IMAGES | ctr import`: one stream, shared layers travel once. */
export async function importImages(layout: NodeLayout, images: readonly string[]): Promise<void> {
  const binary = await toolPath('ctr');
  await pipe(
    { file: 'docker', args: ['save', ...images], env: { DOCKER_HOST: sourceDockerHost() } },
    {
      file: binary,
      args: ['--address', socketOf(layout), '--namespace', 'k8s.io', 'images', 'import', '-'],
    },
    600_000,
  );
}
