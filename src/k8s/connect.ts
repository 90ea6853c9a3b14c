import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import type { KubeLocation } from './locate.js';
import { messageOf } from '../core/message.js';

export { locateKubernetes, SERVICE_ACCOUNT_DIR, type KubeLocation } from './locate.js';

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
      return `${messageOf(error)}${typeof cause === 'string' ? ` (${cause})` : ''}`;
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
