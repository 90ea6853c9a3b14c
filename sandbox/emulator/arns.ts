/** ECS resource names as ECS builds them (the long ARN format with the cluster name). */
import { createHash } from 'node:crypto';

export class Arns {
  constructor(
    readonly region: string,
    readonly account: string,
  ) {}

  private ecs(resource: string): string {
    return `arn:aws:ecs:${this.region}:${this.account}:${resource}`;
  }

  cluster(name: string): string {
    return this.ecs(`cluster/${name}`);
  }

  service(cluster: string, name: string): string {
    return this.ecs(`service/${cluster}/${name}`);
  }

  task(cluster: string, id: string): string {
    return this.ecs(`task/${cluster}/${id}`);
  }

  containerInstance(cluster: string, id: string): string {
    return this.ecs(`container-instance/${cluster}/${id}`);
  }

  container(cluster: string, taskId: string, name: string): string {
    return this.ecs(`container/${cluster}/${taskId}/${uuidFrom(`${taskId}/${name}`)}`);
  }

  taskDefinition(familyRevision: string): string {
    return this.ecs(`task-definition/${familyRevision}`);
  }

  /** The name in a cluster ARN of this region and account, or the value itself. */
  clusterName(nameOrArn: string): string | undefined {
    if (!nameOrArn.startsWith('arn:')) return nameOrArn;
    const prefix = this.ecs('cluster/');
    return nameOrArn.startsWith(prefix) ? nameOrArn.slice(prefix.length) : undefined;
  }

  /**
   * The id of a task, container instance or service named by id or ARN; an ARN must be of
   * this region, account and cluster (ECS refuses the others).
   */
  idIn(kind: 'task' | 'container-instance' | 'service', cluster: string, idOrArn: string) {
    if (!idOrArn.startsWith('arn:')) return idOrArn;
    const prefix = this.ecs(`${kind}/`);
    if (!idOrArn.startsWith(prefix)) return undefined;
    const rest = idOrArn.slice(prefix.length).split('/');
    if (rest.length === 1) return rest[0];
    return rest[0] === cluster && rest.length === 2 ? rest[1] : undefined;
  }
}

/** A stable UUID-shaped id, so repeated answers name the same container. */
export function uuidFrom(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
