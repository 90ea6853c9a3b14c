import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ClusterNotFoundException,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  InvalidParameterException,
  ListContainerInstancesCommand,
  ListTasksCommand,
  ServiceNotFoundException,
  paginateListTasks,
} from '@aws-sdk/client-ecs';
import { startAwsEmulator, type AwsEmulator } from '../../../sandbox/emulator/index.js';
import {
  containerInstanceIdOf,
  ec2InstanceIdOf,
  sampleFixture,
  taskIdOf,
} from '../../../sandbox/emulator/fixtures/sample.js';
import { awsClients, rejectionOf } from './aws-clients.js';

const cluster = 'ehc-cluster';
let aws: AwsEmulator;
let ecs: ReturnType<typeof awsClients>['ecs'];

beforeAll(async () => {
  aws = await startAwsEmulator(
    sampleFixture({ webTasks: 250, hosts: 3, fargateTasks: 2, awsvpcTasks: 1 }),
  );
  ecs = awsClients(aws.endpoint).ecs;
});

afterAll(async () => {
  ecs.destroy();
  await aws.stop();
});

describe('ListTasks', () => {
  it('pages 250 tasks of a service by 100 with nextToken, each task exactly once', async () => {
    const first = await ecs.send(new ListTasksCommand({ cluster, serviceName: 'web' }));
    expect(first.taskArns).toHaveLength(100);
    expect(first.nextToken).toEqual(expect.any(String));
    const pages: string[][] = [];
    for await (const page of paginateListTasks({ client: ecs }, { cluster, serviceName: 'web' })) {
      pages.push(page.taskArns ?? []);
    }
    expect(pages.map((page) => page.length)).toEqual([100, 100, 50]);
    const arns = pages.flat();
    expect(new Set(arns).size).toBe(250);
    expect(arns[0]).toBe(
      `arn:aws:ecs:us-east-1:123456789012:task/${cluster}/${taskIdOf('web', 0)}`,
    );
  });

  it('honours maxResults and refuses values outside 1..100', async () => {
    const small = await ecs.send(
      new ListTasksCommand({ cluster, serviceName: 'web', maxResults: 30 }),
    );
    expect(small.taskArns).toHaveLength(30);
    const error = await rejectionOf(ecs.send(new ListTasksCommand({ cluster, maxResults: 101 })));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.name).toBe('InvalidParameterException');
  });

  it('refuses a nextToken reused with other filters', async () => {
    const first = await ecs.send(new ListTasksCommand({ cluster, serviceName: 'web' }));
    const error = await rejectionOf(
      ecs.send(new ListTasksCommand({ cluster, serviceName: 'api', nextToken: first.nextToken })),
    );
    expect(error.name).toBe('InvalidParameterException');
  });

  it('filters by launch type, desired status and container instance', async () => {
    const fargate = await ecs.send(new ListTasksCommand({ cluster, launchType: 'FARGATE' }));
    expect(fargate.taskArns).toHaveLength(2);
    const onHost = await ecs.send(
      new ListTasksCommand({
        cluster,
        containerInstance: containerInstanceIdOf(1),
        serviceName: 'web',
      }),
    );
    expect(onHost.taskArns).toHaveLength(83);
    const pending = await ecs.send(new ListTasksCommand({ cluster, desiredStatus: 'PENDING' }));
    expect(pending.taskArns).toEqual([]);
  });

  it('moves a task stopped at runtime from RUNNING to STOPPED', async () => {
    const id = taskIdOf('web', 249);
    aws.state.stopTask(id, 'Scaling activity initiated by test');
    const all: string[] = [];
    for await (const page of paginateListTasks({ client: ecs }, { cluster, serviceName: 'web' })) {
      all.push(...(page.taskArns ?? []));
    }
    expect(all).toHaveLength(249);
    expect(all.some((arn) => arn.endsWith(id))).toBe(false);
    const stopped = await ecs.send(new ListTasksCommand({ cluster, desiredStatus: 'STOPPED' }));
    expect(stopped.taskArns).toEqual([expect.stringMatching(new RegExp(`${id}$`))]);
    const described = await ecs.send(new DescribeTasksCommand({ cluster, tasks: [id] }));
    expect(described.tasks?.[0]).toMatchObject({
      lastStatus: 'STOPPED',
      stoppedReason: 'Scaling activity initiated by test',
    });
    expect(described.tasks?.[0]?.stoppedAt).toBeInstanceOf(Date);
  });

  it('answers ClusterNotFoundException and ServiceNotFoundException as the SDK classes', async () => {
    const noCluster = await rejectionOf(ecs.send(new ListTasksCommand({ cluster: 'nope' })));
    expect(noCluster).toBeInstanceOf(ClusterNotFoundException);
    expect(noCluster.name).toBe('ClusterNotFoundException');
    expect(noCluster.message).toBe('Cluster not found.');
    expect(noCluster.$metadata.httpStatusCode).toBe(400);
    const noService = await rejectionOf(
      ecs.send(new ListTasksCommand({ cluster, serviceName: 'nope' })),
    );
    expect(noService).toBeInstanceOf(ServiceNotFoundException);
    expect(noService.name).toBe('ServiceNotFoundException');
  });

  it('shows an empty world to a client of another region', async () => {
    const other = awsClients(aws.endpoint, { region: 'eu-west-1' }).ecs;
    const error = await rejectionOf(other.send(new ListTasksCommand({ cluster })));
    other.destroy();
    expect(error.name).toBe('ClusterNotFoundException');
  });
});

describe('DescribeTasks', () => {
  it('describes EC2 bridge, EC2 awsvpc and Fargate tasks with the fields the executor reads', async () => {
    const ids = [taskIdOf('web', 4), taskIdOf('api', 0), taskIdOf('fargate', 1), 'f'.repeat(32)];
    const out = await ecs.send(
      new DescribeTasksCommand({ cluster, tasks: ids, include: ['TAGS'] }),
    );
    const [web, api, fargate] = out.tasks!;
    expect(web).toMatchObject({
      launchType: 'EC2',
      lastStatus: 'RUNNING',
      group: 'service:web',
      containerInstanceArn: `arn:aws:ecs:us-east-1:123456789012:container-instance/${cluster}/${containerInstanceIdOf(1)}`,
      attachments: [],
    });
    expect(web!.containers![0]).toMatchObject({
      name: 'app',
      runtimeId: expect.stringMatching(/^[0-9a-f]{64}$/),
      networkBindings: [{ bindIP: '0.0.0.0', containerPort: 80, hostPort: 32772, protocol: 'tcp' }],
      networkInterfaces: [],
    });
    expect(web!.startedAt).toBeInstanceOf(Date);
    expect(api!.attachments![0]).toMatchObject({
      type: 'ElasticNetworkInterface',
      status: 'ATTACHED',
    });
    expect(api!.containers![0]!.networkInterfaces![0]!.privateIpv4Address).toBe('10.0.1.10');
    expect(fargate!.launchType).toBe('FARGATE');
    expect(fargate).not.toHaveProperty('containerInstanceArn');
    expect(out.failures).toEqual([
      {
        arn: `arn:aws:ecs:us-east-1:123456789012:task/${cluster}/${'f'.repeat(32)}`,
        reason: 'MISSING',
      },
    ]);
  });

  it('accepts 100 tasks per call and refuses 101', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => taskIdOf('web', i));
    const ok = await ecs.send(new DescribeTasksCommand({ cluster, tasks: ids.slice(0, 100) }));
    expect(ok.tasks).toHaveLength(100);
    const error = await rejectionOf(ecs.send(new DescribeTasksCommand({ cluster, tasks: ids })));
    expect(error).toBeInstanceOf(InvalidParameterException);
  });
});

describe('services, clusters, container instances, task definitions', () => {
  it('describes up to 10 services, reports unknown ones as failures, refuses 11', async () => {
    const out = await ecs.send(
      new DescribeServicesCommand({ cluster, services: ['web', 'worker', 'ghost'] }),
    );
    expect(out.services?.map((s) => [s.serviceName, s.launchType, s.desiredCount])).toEqual([
      ['web', 'EC2', 250],
      ['worker', 'FARGATE', 2],
    ]);
    expect(out.services?.[0]?.runningCount).toBe(249);
    expect(out.failures?.[0]?.reason).toBe('MISSING');
    const eleven = Array.from({ length: 11 }, (_, i) => `svc-${i}`);
    const error = await rejectionOf(
      ecs.send(new DescribeServicesCommand({ cluster, services: eleven })),
    );
    expect(error).toBeInstanceOf(InvalidParameterException);
  });

  it('describes clusters, unknown ones as MISSING failures', async () => {
    const out = await ecs.send(new DescribeClustersCommand({ clusters: [cluster, 'ghost'] }));
    expect(out.clusters?.[0]).toMatchObject({
      clusterName: cluster,
      status: 'ACTIVE',
      registeredContainerInstancesCount: 3,
    });
    expect(out.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/ghost', reason: 'MISSING' },
    ]);
  });

  it('maps container instances to EC2 instance ids, 100 per call at most', async () => {
    const listed = await ecs.send(new ListContainerInstancesCommand({ cluster }));
    expect(listed.containerInstanceArns).toHaveLength(3);
    const described = await ecs.send(
      new DescribeContainerInstancesCommand({
        cluster,
        containerInstances: listed.containerInstanceArns,
      }),
    );
    expect(described.containerInstances?.map((ci) => ci.ec2InstanceId)).toEqual(
      [0, 1, 2].map(ec2InstanceIdOf),
    );
    const tooMany = Array.from({ length: 101 }, (_, i) => containerInstanceIdOf(i));
    const error = await rejectionOf(
      ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: tooMany })),
    );
    expect(error).toBeInstanceOf(InvalidParameterException);
  });

  it('describes the task definition with its network mode', async () => {
    const out = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api' }));
    expect(out.taskDefinition).toMatchObject({ family: 'api', revision: 7, networkMode: 'awsvpc' });
  });

  it('logs every request by action', () => {
    const counts = aws.requests.perAction();
    expect(counts['ecs:ListTasks']).toBeGreaterThan(5);
    expect(aws.requests.count('DescribeTasks')).toBe(aws.requests.count('ecs:DescribeTasks'));
  });
});
