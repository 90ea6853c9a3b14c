// client-node configuration for the test API server: its own CA (TLS verified, never
// skipped) and a bearer token, as a ServiceAccount's mounted credentials would give.
import { KubeConfig } from '@kubernetes/client-node';

export function kubeConfigFor(server: string, ca: string, token: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [
      {
        name: 'ehc-test',
        server,
        caData: Buffer.from(ca).toString('base64'),
        skipTLSVerify: false,
      },
    ],
    users: [{ name: 'ehc-test-user', token }],
    contexts: [{ name: 'ehc-test', cluster: 'ehc-test', user: 'ehc-test-user' }],
    currentContext: 'ehc-test',
  });
  return config;
}
