import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import { valueOf, type Environment } from '../config/environment.js';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export type KubeLocation =
  { readonly kind: 'in-cluster' } | { readonly kind: 'kubeconfig'; readonly path: string };

export interface LocateOptions {
  readonly serviceAccountDir?: string;
  readonly exists?: (path: string) => boolean;
}

/**
 * Where the Kubernetes API credentials are, in client-go's order: KUBECONFIG (first file
 * that exists), ~/.kube/config, the pod's service account. Undefined: no Kubernetes at all,
 * and the run reports to CHAOS_RESULT_FILE (ADR 0063).
 */
export function locateKubernetes(
  env: Environment,
  options: LocateOptions = {},
): KubeLocation | undefined {
  const exists = options.exists ?? existsSync;
  const candidates = (valueOf(env, 'KUBECONFIG') ?? '')
    .split(delimiter)
    .filter((path) => path !== '');
  const home = valueOf(env, 'HOME');
  if (home !== undefined) candidates.push(join(home, '.kube', 'config'));
  const found = candidates.find((path) => exists(path));
  if (found !== undefined) return { kind: 'kubeconfig', path: found };
  const accountDir = options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  const inCluster =
    valueOf(env, 'KUBERNETES_SERVICE_HOST') !== undefined && exists(join(accountDir, 'token'));
  return inCluster ? { kind: 'in-cluster' } : undefined;
}

export function loadKubeConfig(location: KubeLocation): KubeConfig {
  const config = new KubeConfig();
  if (location.kind === 'in-cluster') config.loadFromCluster();
  else config.loadFromFile(location.path);
  return config;
}

/** Undefined when the API server answers; otherwise why it could not be reached. */
export async function unreachable(
  config: KubeConfig,
  timeoutMs: number,
): Promise<string | undefined> {
  const api = config.makeApiClient(VersionApi);
  const timer = new Promise<string>((resolve) => {
    setTimeout(() => {
      resolve(`no answer within ${timeoutMs} ms`);
    }, timeoutMs).unref();
  });
  const answer = api.getCode().then(
    () => undefined,
    (error: unknown) => {
      // Any HTTP answer, even 401/403, proves a server is there; only the network failing does not.
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'number') return undefined;
      const cause = (error as { cause?: { code?: unknown } }).cause?.code;
      return `${error instanceof Error ? error.message : String(error)}${typeof cause === 'string' ? ` (${cause})` : ''}`;
    },
  );
  return Promise.race([answer, timer]);
}

export function describeLocation(location: KubeLocation, config: KubeConfig): string {
  const server = config.getCurrentCluster()?.server ?? '?';
  return location.kind === 'in-cluster'
    ? `in-cluster service account, ${server}`
    : `kubeconfig ${location.path}, ${server}`;
}
