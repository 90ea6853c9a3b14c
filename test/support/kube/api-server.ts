// A real Kubernetes API for tests: etcd and kube-apiserver (built by `make tools`) on
// loopback, RBAC authorization, a static-token admin, service-account tokens through the
// TokenRequest API, and the Litmus CRDs applied and Established (docs/decisions/0031).
import { mkdtemp, readFile, rm, mkdir, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { freeLoopbackPort, writeCredentials, type ApiCredentials } from './credentials.js';
import { startDaemon, type Daemon } from './daemon.js';
import { httpsStatus } from './https-probe.js';
import { kubeConfigFor } from './kubeconfig.js';
import { applyLitmusCrds } from './crds.js';
import { toolPath } from './paths.js';
import { waitUntil } from './wait.js';

export interface KubeApi {
  /** https://127.0.0.1:PORT */
  readonly server: string;
  /** PEM bundle that verifies the server's certificate. */
  readonly ca: string;
  readonly adminToken: string;
  /** client-node configuration of the admin (system:masters). */
  readonly admin: KubeConfig;
  /** client-node configuration for any bearer token (e.g. a ServiceAccount's). */
  kubeConfigFor(token: string): KubeConfig;
  /** A kubeconfig file for a child process (KUBECONFIG); removed by stop(). */
  writeKubeconfig(token: string): Promise<string>;
  /** Milliseconds spent: etcd healthy, API ready, CRDs Established (from the call). */
  readonly timings: { readonly etcdMs: number; readonly apiMs: number; readonly crdsMs: number };
  /** Where its data, certificates and logs live (gone after stop()). */
  readonly folder: string;
  stop(): Promise<void>;
}

const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
const STARTUP_TIMEOUT_MS = 90_000;
const ATTEMPTS = 3;

/**
 * Starts etcd and kube-apiserver, applies the Litmus CRDs, and resolves once they are
 * served. Ports are picked free just before use; should another process take one in that
 * instant, the start is retried with new ports.
 */
export async function startKubeApi(): Promise<KubeApi> {
  const [apiserver, etcd] = await Promise.all([toolPath('kube-apiserver'), toolPath('etcd')]);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(apiserver, etcd);
    } catch (error) {
      const portTaken = error instanceof Error && error.message.includes('address already in use');
      if (!portTaken || attempt >= ATTEMPTS) throw error;
    }
  }
}

async function startOnce(apiserverBinary: string, etcdBinary: string): Promise<KubeApi> {
  const folder = await mkdtemp(join(tmpdir(), 'ehc-test-kube-'));
  const daemons: Daemon[] = [];
  const stop = async (): Promise<void> => {
    for (const daemon of [...daemons].reverse()) await daemon.stop();
    await rm(folder, { recursive: true, force: true });
  };
  try {
    const started = Date.now();
    const etcdUrl = await startEtcd(etcdBinary, folder, daemons);
    const etcdMs = Date.now() - started;
    const credentials = await writeCredentials(folder);
    const { server, ca } = await startApiServer(
      apiserverBinary,
      { folder, etcdUrl, credentials },
      daemons,
    );
    const apiMs = Date.now() - started;
    const admin = kubeConfigFor(server, ca, credentials.adminToken);
    await applyLitmusCrds(admin);
    const crdsMs = Date.now() - started;
    return {
      server,
      ca,
      adminToken: credentials.adminToken,
      admin,
      kubeConfigFor: (token) => kubeConfigFor(server, ca, token),
      writeKubeconfig: async (token) => {
        const file = join(folder, `kubeconfig-${randomUUID()}.json`);
        await writeFile(file, kubeConfigFor(server, ca, token).exportConfig(), { mode: 0o600 });
        return file;
      },
      timings: { etcdMs, apiMs, crdsMs },
      folder,
      stop,
    };
  } catch (error) {
    const logs = daemons.map((daemon) => `--- ${daemon.name} log ---\n${daemon.logTail()}`);
    await stop();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error([`starting the test Kubernetes API failed: ${message}`, ...logs].join('\n'), {
      cause: error,
    });
  }
}

async function startEtcd(binary: string, folder: string, daemons: Daemon[]): Promise<string> {
  const clientPort = await freeLoopbackPort();
  let peerPort = await freeLoopbackPort();
  while (peerPort === clientPort) peerPort = await freeLoopbackPort();
  const clientUrl = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const name = `ehc-test-etcd-${process.pid}`;
  const etcd = startDaemon(
    'etcd',
    binary,
    [
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
    ],
    join(folder, 'etcd.log'),
  );
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

interface ApiServerInputs {
  readonly folder: string;
  readonly etcdUrl: string;
  readonly credentials: ApiCredentials;
}

async function startApiServer(
  binary: string,
  { folder, etcdUrl, credentials }: ApiServerInputs,
  daemons: Daemon[],
): Promise<{ server: string; ca: string }> {
  const port = await freeLoopbackPort();
  const certDir = join(folder, 'certs');
  await mkdir(certDir);
  const apiserver = startDaemon(
    'kube-apiserver',
    binary,
    [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${port}`,
      `--cert-dir=${certDir}`,
      `--token-auth-file=${credentials.tokenFile}`,
      '--authorization-mode=RBAC',
      `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
      `--service-account-key-file=${credentials.serviceAccountPublicKey}`,
      `--service-account-signing-key-file=${credentials.serviceAccountPrivateKey}`,
      // Loopback cannot be the `kubernetes` Service's endpoint, and nothing here needs one.
      '--endpoint-reconciler-type=none',
      '--service-cluster-ip-range=10.250.0.0/24',
      '--profiling=false',
    ],
    join(folder, 'kube-apiserver.log'),
  );
  daemons.push(apiserver);
  const server = `https://127.0.0.1:${port}`;
  const certFile = join(certDir, 'apiserver.crt');
  let ca = '';
  await waitUntil(
    `kube-apiserver on ${server} ready`,
    async () => {
      // Re-read each time: the server may still be writing its self-signed certificate.
      if (!existsSync(certFile)) return false;
      ca = await readFile(certFile, 'utf8');
      return (await httpsStatus(`${server}/readyz`, ca, credentials.adminToken)) === 200;
    },
    { timeoutMs: STARTUP_TIMEOUT_MS, intervalMs: 200, abortIf: () => exitedWith(apiserver) },
  );
  return { server, ca };
}

function exitedWith(daemon: Daemon): string | undefined {
  if (daemon.isRunning()) return undefined;
  return `${daemon.name} exited before it was ready (its log follows)`;
}
