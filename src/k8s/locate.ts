import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { valueOf } from '../config/environment.js';
import type { Environment } from '../core/context.js';

// Kept apart from the client: a run without any Kubernetes never loads @kubernetes/client-node.
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
