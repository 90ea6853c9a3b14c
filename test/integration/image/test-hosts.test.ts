// The test hosts the host-side suites stand on: two dockerd "container instances" with
// ECS-labelled tasks, reached over real HTTP from this machine, and nothing left after.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { access, readFile } from 'node:fs/promises';
import {
  bridgeExists,
  ECS_LABELS,
  firewallSnapshot,
  httpGet,
  metadataPath,
  mountsUnder,
  PAUSE_CONTAINER_NAME,
  processesUnder,
  startTask,
  TestHosts,
  type ContainerInstance,
  type EcsTask,
} from '../../../sandbox/docker/index.js';

interface Placed {
  readonly instance: ContainerInstance;
  readonly bridgeTask: EcsTask;
  readonly awsvpcTask: EcsTask;
}

let firewallBefore = '';
let hosts: TestHosts | undefined;
const placed: Placed[] = [];

async function labelsOf(instance: ContainerInstance, id: string): Promise<Record<string, string>> {
  const shown = await instance.docker(['inspect', '--format', '{{json .Config.Labels}}', id]);
  return JSON.parse(shown.stdout) as Record<string, string>;
}

function expectedLabels(task: EcsTask, containerName: string): Record<string, string> {
  return {
    [ECS_LABELS.cluster]: task.cluster,
    [ECS_LABELS.containerName]: containerName,
    [ECS_LABELS.taskArn]: task.taskArn,
    [ECS_LABELS.family]: task.family,
    [ECS_LABELS.revision]: String(task.revision),
  };
}

async function answerOf(url: string): Promise<Record<string, unknown>> {
  const answer = await httpGet(url);
  expect(answer.status).toBe(200);
  return JSON.parse(answer.body) as Record<string, unknown>;
}

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('these tests need root (they start dockerd)');
  firewallBefore = await firewallSnapshot();
  hosts = await TestHosts.start({ count: 2 });
  for (const instance of hosts.instances) {
    const bridgeTask = await startTask(instance, {
      networkMode: 'bridge',
      family: 'ehc-shop',
      containers: [{ name: 'web', ports: [8080, 9090] }],
    });
    const awsvpcTask = await startTask(instance, {
      networkMode: 'awsvpc',
      family: 'ehc-cart',
      revision: 7,
      metadata: 'none',
      containers: [
        { name: 'api', ports: [8080] },
        { name: 'sidecar', ports: [9901], metadata: 'ready' },
      ],
    });
    placed.push({ instance, bridgeTask, awsvpcTask });
  }
}, 300_000);

afterAll(async () => {
  await hosts?.stop();
}, 120_000);

describe('two emulated container instances', () => {
  it('are distinct hosts: own daemon, bridge, subnet, ECS data dir and instance id', () => {
    const [a, b] = placed.map((one) => one.instance);
    expect(a!.instanceId).toMatch(/^i-[0-9a-f]{17}$/);
    expect(a!.instanceId).not.toBe(b!.instanceId);
    expect(a!.dockerHost).not.toBe(b!.dockerHost);
    expect(a!.daemon.bridge.subnet).not.toBe(b!.daemon.bridge.subnet);
    expect(a!.hostEnv()['ECS_HOST_DATA_DIR']).not.toBe(b!.hostEnv()['ECS_HOST_DATA_DIR']);
    for (const { instance, bridgeTask, awsvpcTask } of placed) {
      const prefix = instance.gateway.replace(/\.1$/, '.');
      expect(bridgeTask.ip.startsWith(prefix)).toBe(true);
      expect(awsvpcTask.ip.startsWith(prefix)).toBe(true);
    }
  });

  it("each daemon runs only its own instance's containers", async () => {
    for (const [index, { instance }] of placed.entries()) {
      const listed = await instance.docker(['ps', '-q', '--no-trunc']);
      const ids = listed.stdout.split('\n').filter(Boolean).sort();
      const mine = placed[index]!;
      const expected = [mine.bridgeTask, mine.awsvpcTask]
        .flatMap((task) => [...task.containers.map((c) => c.runtimeId), task.pause?.runtimeId])
        .filter((id): id is string => id !== undefined)
        .sort();
      expect(ids).toEqual(expected);
    }
  });
});

describe('ECS tasks on the instances', () => {
  it('answer HTTP from this machine on their container addresses and ports', async () => {
    for (const { bridgeTask, awsvpcTask } of placed) {
      const web = bridgeTask.containers[0]!;
      for (const port of [8080, 9090]) {
        const answer = await answerOf(`http://${web.ip}:${port}/`);
        expect(answer).toMatchObject({ name: 'web', port, local: `${web.ip}:${port}` });
      }
      const [api, sidecar] = awsvpcTask.containers;
      expect(api!.ip).toBe(awsvpcTask.ip);
      expect(sidecar!.ip).toBe(awsvpcTask.ip);
      expect(await answerOf(`http://${awsvpcTask.ip}:8080/`)).toMatchObject({ name: 'api' });
      expect(await answerOf(`http://${awsvpcTask.ip}:9901/`)).toMatchObject({ name: 'sidecar' });
    }
  });

  it('serve slow requests only after the asked delay, and publish bridge ports on loopback', async () => {
    const web = placed[0]!.bridgeTask.containers[0]!;
    const started = Date.now();
    const slow = await answerOf(`http://${web.ip}:8080/slow?ms=300`);
    expect(slow['slept']).toBe(300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const published = web.ports.find((port) => port.containerPort === 9090)!;
    expect(published.bindIp).toBe('127.0.0.1');
    expect(published.hostPort).not.toBe(9090);
    expect(await answerOf(`http://127.0.0.1:${published.hostPort}/`)).toMatchObject({ port: 9090 });
  });

  it('carry the labels the ECS agent sets, the pause container included', async () => {
    for (const { instance, bridgeTask, awsvpcTask } of placed) {
      for (const task of [bridgeTask, awsvpcTask]) {
        for (const container of task.containers) {
          expect(await labelsOf(instance, container.runtimeId)).toMatchObject(
            expectedLabels(task, container.name),
          );
          expect(container.dockerName).toMatch(
            new RegExp(`^ecs-${task.family}-${task.revision}-${container.name}-[0-9a-f]{20}$`),
          );
        }
      }
      const pause = awsvpcTask.pause!;
      expect(await labelsOf(instance, pause.runtimeId)).toMatchObject(
        expectedLabels(awsvpcTask, PAUSE_CONTAINER_NAME),
      );
      expect(pause.dockerName).toMatch(/^ecs-ehc-cart-7-internalecspause-[0-9a-f]{20}$/);
    }
  });

  it('awsvpc containers join the pause container network namespace', async () => {
    for (const { instance, awsvpcTask } of placed) {
      for (const container of awsvpcTask.containers) {
        const mode = await instance.docker([
          'inspect',
          '--format',
          '{{.HostConfig.NetworkMode}}',
          container.runtimeId,
        ]);
        expect(mode.stdout.trim()).toBe(`container:${awsvpcTask.pause!.runtimeId}`);
      }
    }
  });

  it('have ECS metadata files where asked, under their own instance only', async () => {
    for (const { instance, bridgeTask, awsvpcTask } of placed) {
      const dataDir = instance.hostEnv()['ECS_HOST_DATA_DIR']!;
      const web = bridgeTask.containers[0]!;
      expect(web.metadataFile).toBe(metadataPath(dataDir, bridgeTask, 'web'));
      const document = JSON.parse(await readFile(web.metadataFile!, 'utf8')) as Record<
        string,
        unknown
      >;
      expect(document).toMatchObject({
        Cluster: bridgeTask.cluster,
        TaskARN: bridgeTask.taskArn,
        ContainerName: 'web',
        ContainerID: web.runtimeId,
        MetadataFileStatus: 'READY',
        Networks: [{ NetworkMode: 'bridge', IPv4Addresses: [web.ip] }],
      });
      const [api, sidecar] = awsvpcTask.containers;
      expect(api!.metadataFile).toBeUndefined();
      await expect(access(metadataPath(dataDir, awsvpcTask, 'api'))).rejects.toThrow();
      const sidecarDocument = JSON.parse(await readFile(sidecar!.metadataFile!, 'utf8')) as {
        ContainerID: string;
        Networks: unknown;
      };
      expect(sidecarDocument.ContainerID).toBe(sidecar!.runtimeId);
      expect(sidecarDocument.Networks).toEqual([
        { NetworkMode: 'awsvpc', IPv4Addresses: [awsvpcTask.ip] },
      ]);
    }
  });

  it('a host-network task listens on the machine itself, without an address of its own', async () => {
    const instance = placed[0]!.instance;
    const task = await startTask(instance, { networkMode: 'host', family: 'ehc-agentlike' });
    const container = task.containers[0]!;
    expect(container.ip).toBe('127.0.0.1');
    const port = container.ports[0]!.containerPort;
    expect(await answerOf(`http://127.0.0.1:${port}/`)).toMatchObject({ name: 'app' });
    const mode = await instance.docker([
      'inspect',
      '--format',
      '{{.HostConfig.NetworkMode}}',
      container.runtimeId,
    ]);
    expect(mode.stdout.trim()).toBe('host');
  });
});

describe('stop()', () => {
  it('leaves no container, daemon, mount, bridge, folder or firewall change behind', async () => {
    const instances = placed.map((one) => one.instance);
    await hosts!.stop();
    for (const instance of instances) {
      const { dir } = instance.daemon.paths;
      expect(await processesUnder(dir)).toEqual([]);
      expect(await mountsUnder(dir)).toEqual([]);
      await expect(access(dir)).rejects.toThrow();
      expect(await bridgeExists(instance.daemon.bridge.name)).toBe(false);
      const gone = await instance.docker(['ps'], { allowFailure: true, timeoutMs: 10_000 });
      expect(gone.code).not.toBe(0);
    }
    expect(await firewallSnapshot()).toBe(firewallBefore);
  }, 120_000);
});
