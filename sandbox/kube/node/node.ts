// A real single-node Kubernetes for tests (docs/decisions/0181): the control plane, the
// kubelet and containerd built by `make tools`, in a network namespace of their own
// linked to this machine by one veth (layout.ts), with a mount namespace for the runtime
// side (node-ns.sh). stop() ends the kubelet first, then scripts/node-gc.sh removes
// everything else: containers (through their cgroups), daemons, mounts, namespaces, folder.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeApi } from '../api-server.js';
import type { Daemon } from '../daemon.js';
import { run } from '../../docker/process.js';
import { repositoryRoot } from '../paths.js';
import { importImages, SANDBOX_IMAGE, startContainerd } from './containerd.js';
import { startControlPlane } from './control-plane.js';
import { createCgroupRoot, startKubelet, waitForNode } from './kubelet.js';
import type { NodeLayout } from './layout.js';
import { claimNodeNetwork } from './network.js';

export interface KubeNode {
  readonly layout: NodeLayout;
  readonly api: KubeApi;
  /** Milliseconds per start-up stage (reported, never asserted). */
  readonly timings: Readonly<Record<string, number>>;
  /** Copies local images (`docker save`) into the node's runtime. */
  importImages(images: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

const script = (...parts: string[]) => join(repositoryRoot(), ...parts);
const GC = script('scripts', 'node-gc.sh');

/** The cgroup v1 hierarchies mounted on this machine (the kubelet's cgroupfs driver). */
async function cgroupControllers(): Promise<string[]> {
  const mounts = await readFile('/proc/mounts', 'utf8');
  return mounts
    .split('\n')
    .map((line) => line.split(' '))
    .filter((fields) => fields[2] === 'cgroup' && fields[1]?.startsWith('/sys/fs/cgroup/'))
    .map((fields) => (fields[1] ?? '').slice('/sys/fs/cgroup/'.length));
}

/** `images` are loaded before the kubelet starts; the sandbox image always is. */
export async function startKubeNode(images: readonly string[] = []): Promise<KubeNode> {
  // A node whose test process died without its teardown is removed first.
  await run(GC, [], { timeoutMs: 120_000 });
  const dir = await mkdtemp(join(tmpdir(), `ehc-node-${process.pid}-`));
  const daemons: Daemon[] = [];
  const timings: Record<string, number> = {};
  let started = Date.now();
  const stage = (name: string) => {
    timings[name] = Date.now() - started;
    started = Date.now();
  };
  const stop = async () => {
    const kubelet = daemons.find((daemon) => daemon.name === 'kubelet');
    await kubelet?.stop();
    await run(GC, [dir], { timeoutMs: 120_000 });
    await Promise.all(daemons.map((daemon) => daemon.exited));
  };
  try {
    const layout = await claimNodeNetwork(dir);
    await run(script('sandbox', 'kube', 'node', 'node-ns.sh'), [dir]);
    await createCgroupRoot(layout, await cgroupControllers());
    stage('network');
    const [plane, containerd] = await Promise.all([
      startControlPlane(layout),
      startContainerd(layout),
    ]);
    daemons.push(...plane.api.daemons, ...plane.controllers, containerd);
    stage('control plane and containerd');
    await importImages(layout, [SANDBOX_IMAGE, ...images]);
    stage('images');
    const kubelet = await startKubelet(layout, plane.adminKubeconfig);
    daemons.push(kubelet);
    await waitForNode(plane.api.admin, layout, kubelet);
    stage('kubelet and Node Ready');
    return {
      layout,
      api: plane.api,
      timings,
      importImages: (more) => importImages(layout, more),
      stop,
    };
  } catch (error) {
    const logs = daemons.map((daemon) => `--- ${daemon.name} log ---\n${daemon.logTail()}`);
    await stop();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error([`starting the test node failed: ${message}`, ...logs].join('\n'), {
      cause: error,
    });
  }
}
