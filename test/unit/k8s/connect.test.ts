import { describe, expect, it } from '@jest/globals';
import { locateKubernetes } from '../../../src/k8s/connect.js';

const files =
  (...present: string[]) =>
  (path: string) =>
    present.includes(path);

describe('finding the Kubernetes API credentials', () => {
  it('KUBECONFIG first (first existing entry), then ~/.kube/config, then the service account', () => {
    const env = { KUBECONFIG: '/a:/b', HOME: '/home/u', KUBERNETES_SERVICE_HOST: '10.0.0.1' };
    const token = '/sa/token';
    expect(
      locateKubernetes(env, {
        exists: files('/b', '/home/u/.kube/config', token),
        serviceAccountDir: '/sa',
      }),
    ).toEqual({ kind: 'kubeconfig', path: '/b' });
    expect(
      locateKubernetes(env, {
        exists: files('/home/u/.kube/config', token),
        serviceAccountDir: '/sa',
      }),
    ).toEqual({ kind: 'kubeconfig', path: '/home/u/.kube/config' });
    expect(locateKubernetes(env, { exists: files(token), serviceAccountDir: '/sa' })).toEqual({
      kind: 'in-cluster',
    });
  });

  it('nothing found: no Kubernetes (the file sink is used); a token without the service host is not a cluster', () => {
    expect(
      locateKubernetes(
        { HOME: '/home/u' },
        { exists: files('/sa/token'), serviceAccountDir: '/sa' },
      ),
    ).toBeUndefined();
    expect(locateKubernetes({ KUBECONFIG: '' }, { exists: files() })).toBeUndefined();
  });
});
