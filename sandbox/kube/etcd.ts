// etcd for a test control plane: throwaway data in the harness's folder, where its
// placement says (loopback by default).
import { join } from 'node:path';
import { startDaemon, type Daemon } from './daemon.js';
import type { Placement } from './placement.js';
import { waitUntil } from './wait.js';

const STARTUP_TIMEOUT_MS = 90_000;

export async function startEtcd(
  binary: string,
  { folder, placement }: { folder: string; placement: Placement },
  daemons: Daemon[],
): Promise<string> {
  const [clientPort, peerPort] = await placement.etcdPorts();
  const clientUrl = `http://${placement.etcdHost}:${clientPort}`;
  const peerUrl = `http://${placement.etcdHost}:${peerPort}`;
  const name = `ehc-test-etcd-${process.pid}`;
  const [file, args] = placement.wrap(binary, [
    `--name=${name}`,
    `--data-dir=${join(folder, 'etcd')}`,
    `--listen-client-urls=${clientUrl}`,
    `--advertise-client-urls=${clientUrl}`,
    `--listen-peer-urls=${peerUrl}`,
    `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=${name}=${peerUrl}`,
    // Throwaway data: skipping fsync makes every write of the test cheap.
    '--unsafe-no-fsync',
    '--log-level=warn',
  ]);
  const etcd = startDaemon('etcd', [file, args], join(folder, 'etcd.log'));
  daemons.push(etcd);
  await waitUntil(
    `etcd on ${clientUrl} healthy`,
    async () => {
      const response = await fetch(`${clientUrl}/health`);
      return response.ok && ((await response.json()) as { health?: string }).health === 'true';
    },
    { timeoutMs: STARTUP_TIMEOUT_MS, abortIf: () => exitedWith(etcd) },
  );
  return clientUrl;
}

export function exitedWith(daemon: Daemon): string | undefined {
  if (daemon.isRunning()) return undefined;
  return `${daemon.name} exited before it was ready (its log follows)`;
}
