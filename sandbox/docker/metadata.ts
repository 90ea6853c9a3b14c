import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { TaskIdentity } from './ecs-names.js';

export type MetadataState = 'ready' | 'not-ready' | 'none';

export interface PortMapping {
  readonly containerPort: number;
  readonly hostPort: number;
  readonly bindIp: string;
  readonly protocol: 'tcp';
}

export interface MetadataInput {
  readonly ecsDataDir: string;
  readonly containerInstanceArn: string;
  readonly task: TaskIdentity;
  readonly containerName: string;
  readonly runtimeId: string;
  readonly dockerName: string;
  readonly image: string;
  readonly imageId: string;
  readonly networkMode: 'bridge' | 'awsvpc' | 'host';
  readonly ip: string;
  readonly ports: readonly PortMapping[];
  readonly state: Exclude<MetadataState, 'none'>;
}

/** `${ECS_HOST_DATA_DIR}/data/metadata/<cluster>/<task id>/<container>/…` (docs/decisions/0003). */
export function metadataPath(
  ecsDataDir: string,
  task: TaskIdentity,
  containerName: string,
): string {
  return join(
    ecsDataDir,
    'data',
    'metadata',
    task.cluster,
    task.taskId,
    containerName,
    'ecs-container-metadata.json',
  );
}

/**
 * The ECS container metadata file as the agent writes it. While the container starts the
 * agent writes it without MetadataFileStatus; then again with READY and the network.
 */
export function metadataDocument(input: MetadataInput): Record<string, unknown> {
  const base = {
    Cluster: input.task.cluster,
    ContainerInstanceARN: input.containerInstanceArn,
    TaskARN: input.task.taskArn,
    TaskDefinitionFamily: input.task.family,
    TaskDefinitionRevision: String(input.task.revision),
    ContainerID: input.runtimeId,
    ContainerName: input.containerName,
    DockerContainerName: `/${input.dockerName}`,
    ImageID: input.imageId,
    ImageName: input.image,
  };
  if (input.state === 'not-ready') return base;
  return {
    ...base,
    PortMappings: input.ports.map((port) => ({
      ContainerPort: port.containerPort,
      HostPort: port.hostPort,
      BindIp: port.bindIp,
      Protocol: port.protocol,
    })),
    Networks: [
      {
        NetworkMode: input.networkMode,
        IPv4Addresses: input.networkMode === 'host' ? [] : [input.ip],
      },
    ],
    MetadataFileStatus: 'READY',
    AvailabilityZone: `${input.task.taskArn.split(':')[3] ?? 'us-east-1'}a`,
    HostPrivateIPv4Address: '192.0.2.10',
  };
}

export async function writeMetadataFile(input: MetadataInput): Promise<string> {
  const path = metadataPath(input.ecsDataDir, input.task, input.containerName);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(metadataDocument(input), null, 4)}\n`);
  return path;
}
