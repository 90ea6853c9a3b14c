import { describe, expect, it } from '@jest/globals';
import { rootCertificate } from '../../../sandbox/kube/node/control-plane.js';
import { inNode, layoutOf } from '../../../sandbox/kube/node/layout.js';

describe('the test node layout', () => {
  it('derives every name and address from the index', () => {
    expect(layoutOf(7, '/tmp/ehc-node-1-x')).toEqual({
      index: 7,
      name: 'ehc-node7',
      dir: '/tmp/ehc-node-1-x',
      netnsPath: '/run/netns/ehc-node7',
      mountNamespace: '/tmp/ehc-node-1-x/mntns',
      hostAddress: '10.214.7.1',
      nodeAddress: '10.214.7.2',
      podCidr: '10.215.7.0/24',
      serviceCidr: '10.216.7.0/24',
      apiServiceAddress: '10.216.7.1',
    });
  });

  it('refuses an index outside 0..254 (veth names and addresses must stay valid)', () => {
    expect(() => layoutOf(255, '/tmp/x')).toThrow('node index 255 is outside 0..254');
    expect(() => layoutOf(-1, '/tmp/x')).toThrow('outside');
    expect(() => layoutOf(1.5, '/tmp/x')).toThrow('outside');
  });

  it('runs daemons in the node network namespace, the runtime side in its mounts too', () => {
    const layout = layoutOf(3, '/tmp/n');
    expect(inNode(layout, '/bin/etcd', ['--a'])).toEqual([
      'nsenter',
      ['--net=/run/netns/ehc-node3', '--', '/bin/etcd', '--a'],
    ]);
    expect(inNode(layout, '/bin/kubelet', [], true)).toEqual([
      'nsenter',
      ['--mount=/tmp/n/mntns', '--net=/run/netns/ehc-node3', '--', '/bin/kubelet'],
    ]);
  });
});

describe('the root CA pods trust', () => {
  const block = (body: string) => `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`;

  it('is the last certificate of the serving chain (the self-signed CA)', () => {
    expect(rootCertificate(`${block('leaf')}\n${block('ca')}\n`)).toBe(`${block('ca')}\n`);
  });

  it('fails on a file without a certificate', () => {
    expect(() => rootCertificate('nothing')).toThrow('holds no certificate');
  });
});
