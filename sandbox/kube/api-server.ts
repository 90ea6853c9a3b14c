// A real Kubernetes API for tests: etcd and kube-apiserver (built by `make tools`) on
// loopback, RBAC authorization, a static-token admin, service-account tokens through the
// TokenRequest API, and the Litmus CRDs applied and Established (docs/decisions/0031).
import { mkdtemp, readFile, rm, mkdir, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { writeCredentials, type ApiCredentials } from './credentials.js';
import { startDaemon, type Daemon } from './daemon.js';
import { startEtcd, exitedWith } from './etcd.js';
import { httpsStatus } from './https-probe.js';
import { kubeConfigFor } from './kubeconfig.js';
import { applyLitmusCrds } from './crds.js';
import { toolPath } from './paths.js';
import { loopbackPlacement, type Placement } from './placement.js';
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
  /** Where its data, certificates and logs live (gone after stop() when it made it). */
  readonly folder: string;
  /** Its daemons, e.g. to find their logs. */
  readonly daemons: readonly Daemon[];
  stop(): Promise<void>;
}

export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
export const STARTUP_TIMEOUT_MS = 90_000;
const ATTEMPTS = 3;

/**
 * Starts etcd and kube-apiserver, applies the Litmus CRDs, and resolves once they are
 * served. Ports are picked free just before use; should another process take one in that
 * instant, the start is retried with new ports.
 */
export async function startKubeApi(placement: Placement = loopbackPlacement()): Promise<KubeApi> {
  const [apiserver, etcd] = await Promise.all([toolPath('kube-apiserver'), toolPath('etcd')]);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(apiserver, etcd, placement);
    } catch (error) {
      const portTaken = error instanceof Error && error.message.includes('address already in use');
      if (!portTaken || attempt >= ATTEMPTS) throw error;
    }
  }
}

async function startOnce(
  apiserverBinary: string,
  etcdBinary: string,
  placement: Placement,
): Promise<KubeApi> {
  const folder = placement.folder ?? (await mkdtemp(join(tmpdir(), 'ehc-test-kube-')));
  const daemons: Daemon[] = [];
  const stop = async (): Promise<void> => {
    for (const daemon of [...daemons].reverse()) await daemon.stop();
    if (placement.folder === undefined) await rm(folder, { recursive: true, force: true });
  };
  try {
    const started = Date.now();
    const etcdUrl = await startEtcd(etcdBinary, { folder, placement }, daemons);
    const etcdMs = Date.now() - started;
    const credentials = await writeCredentials(folder);
    const { server, ca } = await startApiServer(
      apiserverBinary,
      { folder, etcdUrl, credentials, placement },
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
      daemons,
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

interface ApiServerInputs {
  readonly folder: string;
  readonly etcdUrl: string;
  readonly credentials: ApiCredentials;
  readonly placement: Placement;
}

async function startApiServer(
  binary: string,
  { folder, etcdUrl, credentials, placement }: ApiServerInputs,
  daemons: Daemon[],
): Promise<{ server: string; ca: string }> {
  const port = await placement.apiPort();
  const certDir = join(folder, 'certs');
  await mkdir(certDir);
  const [file, args] = placement.wrap(binary, [
    `--etcd-servers=${etcdUrl}`,
    `--bind-address=${placement.bindAddress}`,
    `--advertise-address=${placement.advertiseAddress}`,
    `--secure-port=${port}`,
    `--cert-dir=${certDir}`,
    `--token-auth-file=${credentials.tokenFile}`,
    '--authorization-mode=RBAC',
    `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
    `--service-account-key-file=${credentials.serviceAccountPublicKey}`,
    `--service-account-signing-key-file=${credentials.serviceAccountPrivateKey}`,
    `--service-cluster-ip-range=${placement.serviceCidr}`,
    '--profiling=false',
    ...placement.apiArgs,
  ]);
  const apiserver = startDaemon('kube-apiserver', [file, args], join(folder, 'kube-apiserver.log'));
  daemons.push(apiserver);
  const server = `https://${placement.advertiseAddress}:${port}`;
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
