import { describe, expect, it } from '@jest/globals';
import { meshProxyOf, networkModeOfTask } from '../../../src/aws/ecs-map.js';

type Task = Parameters<typeof meshProxyOf>[0];
const app = { name: 'app', image: 'shop/app:1', networkInterfaces: [] };

describe('what DescribeTasks alone says of a task (ADR 0154, 0156)', () => {
  it.each<[string, Task, 'bridge' | 'awsvpc']>([
    ['no attachment, no interface', { containers: [app] }, 'bridge'],
    [
      'an ENI attachment',
      { attachments: [{ type: 'ElasticNetworkInterface' }], containers: [app] },
      'awsvpc',
    ],
    [
      'containers with networkInterfaces only',
      { containers: [{ ...app, networkInterfaces: [{ privateIpv4Address: '10.0.0.9' }] }] },
      'awsvpc',
    ],
    [
      'a ServiceConnect attachment only',
      { attachments: [{ type: 'ServiceConnect' }], containers: [app] },
      'bridge',
    ],
  ])('network mode: %s', (_label, task, mode) => {
    expect(networkModeOfTask(task)).toBe(mode);
  });

  it.each<[string, Task, string | undefined]>([
    ['a plain task', { containers: [app] }, undefined],
    [
      'a ServiceConnect attachment naming its container',
      {
        attachments: [
          {
            type: 'ServiceConnect',
            details: [{ name: 'ContainerName', value: 'ecs-service-connect-a1' }],
          },
        ],
        containers: [app],
      },
      'ECS Service Connect (proxy container ecs-service-connect-a1)',
    ],
    [
      'the proxy container alone',
      { containers: [app, { name: 'ecs-service-connect-b2' }] },
      'ECS Service Connect (proxy container ecs-service-connect-b2)',
    ],
    [
      'the attachment alone',
      { attachments: [{ type: 'ServiceConnect' }], containers: [app] },
      'ECS Service Connect (proxy container unnamed)',
    ],
    [
      'an App Mesh Envoy',
      {
        containers: [
          app,
          { name: 'envoy', image: 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod' },
        ],
      },
      'App Mesh (Envoy container envoy, image public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod)',
    ],
    [
      'an Envoy that is not App Mesh',
      { containers: [app, { name: 'envoy', image: 'envoyproxy/envoy:v1.30' }] },
      undefined,
    ],
  ])('mesh proxy: %s', (_label, task, expected) => {
    expect(meshProxyOf(task)).toBe(expected);
  });
});
