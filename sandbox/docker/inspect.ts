import type { PortMapping } from './metadata.js';

/** The part of `docker inspect` the harness reads. */
export interface ContainerInspect {
  readonly Id: string;
  readonly Name: string;
  readonly Image: string;
  readonly State: { readonly Running: boolean; readonly Status: string };
  readonly Config: { readonly Image: string; readonly Labels: Record<string, string> | null };
  readonly HostConfig: { readonly NetworkMode: string };
  readonly NetworkSettings: {
    readonly IPAddress: string;
    readonly Ports: Record<string, { HostIp: string; HostPort: string }[] | null> | null;
  };
}

export function parseInspect(stdout: string): ContainerInspect {
  const parsed: unknown = JSON.parse(stdout);
  const first: unknown = Array.isArray(parsed) ? parsed[0] : undefined;
  if (typeof first !== 'object' || first === null || !('Id' in first)) {
    throw new Error(`docker inspect gave no container: ${stdout.slice(0, 200)}`);
  }
  return first as ContainerInspect;
}

/** Published ports as ECS reports them (the host side of each container port). */
export function portMappings(inspect: ContainerInspect, containerPorts: readonly number[]) {
  return containerPorts.map((containerPort): PortMapping => {
    const binding = inspect.NetworkSettings.Ports?.[`${containerPort}/tcp`]?.[0];
    return {
      containerPort,
      hostPort: binding === undefined ? containerPort : Number(binding.HostPort),
      bindIp: binding?.HostIp ?? '',
      protocol: 'tcp',
    };
  });
}
