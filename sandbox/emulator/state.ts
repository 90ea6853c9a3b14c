/**
 * The emulated world, seeded from a fixture and mutable by tests while the emulator runs
 * (an instance going offline, a task stopping). The API handlers read it on every call,
 * so a mutation is visible to the next request.
 */
import { EventEmitter } from 'node:events';
import { Arns } from './arns.js';
import {
  DEFAULT_ACCOUNT,
  type ClusterFixture,
  type EmulatorFixture,
  type ManagedInstanceFixture,
  type PingStatus,
  type TaskFixture,
} from './fixture.js';

export interface TaskTimes {
  createdAt: number;
  startedAt?: number;
  stoppedAt?: number;
  stoppedReason?: string;
}

export type TaskState = TaskFixture & { times: TaskTimes };
export type ClusterState = Omit<ClusterFixture, 'tasks'> & { tasks: TaskState[] };

export class EmulatorState {
  readonly account: string;
  readonly region: string;
  readonly arns: Arns;
  readonly clusters: ClusterState[];
  readonly managedInstances: Map<string, ManagedInstanceFixture>;
  private readonly events = new EventEmitter();

  constructor(
    fixture: EmulatorFixture,
    private readonly now: () => number = Date.now,
  ) {
    const copy = structuredClone(fixture);
    this.account = copy.account ?? DEFAULT_ACCOUNT;
    this.region = copy.region;
    this.arns = new Arns(this.region, this.account);
    const started = now() - 60_000;
    this.clusters = copy.clusters.map((cluster) => ({
      ...cluster,
      tasks: (cluster.tasks ?? []).map((task) => withTimes(task, started)),
    }));
    this.managedInstances = new Map(
      (copy.managedInstances ?? []).map((instance) => [instance.instanceId, instance]),
    );
  }

  cluster(nameOrArn: string): ClusterState | undefined {
    const name = this.arns.clusterName(nameOrArn);
    return this.clusters.find((cluster) => cluster.name === name);
  }

  /** A task by id or ARN in any cluster (tests name tasks by id). */
  findTask(idOrArn: string): { cluster: ClusterState; task: TaskState } | undefined {
    for (const cluster of this.clusters) {
      const id = this.arns.idIn('task', cluster.name, idOrArn);
      const task = cluster.tasks.find((candidate) => candidate.id === id);
      if (task !== undefined) return { cluster, task };
    }
    return undefined;
  }

  managedInstance(instanceId: string): ManagedInstanceFixture | undefined {
    return this.managedInstances.get(instanceId);
  }

  setPingStatus(instanceId: string, status: PingStatus): void {
    const instance = this.requireInstance(instanceId);
    instance.pingStatus = status;
    if (status === 'Online') this.events.emit('online', instanceId);
  }

  /** Called with the instance id whenever an instance comes (back) Online. */
  onOnline(listener: (instanceId: string) => void): () => void {
    this.events.on('online', listener);
    return () => this.events.off('online', listener);
  }

  stopTask(idOrArn: string, reason = 'Task stopped by user'): void {
    const found = this.findTask(idOrArn);
    if (found === undefined) throw new Error(`emulator: no task ${idOrArn}`);
    const { task } = found;
    task.desiredStatus = 'STOPPED';
    task.lastStatus = 'STOPPED';
    task.times.stoppedAt = this.now();
    task.times.stoppedReason = reason;
    for (const container of task.containers) container.lastStatus = 'STOPPED';
  }

  addTask(clusterName: string, task: TaskFixture): void {
    const cluster = this.cluster(clusterName);
    if (cluster === undefined) throw new Error(`emulator: no cluster ${clusterName}`);
    cluster.tasks.push(withTimes(structuredClone(task), this.now()));
  }

  addManagedInstance(instance: ManagedInstanceFixture): void {
    this.managedInstances.set(instance.instanceId, structuredClone(instance));
  }

  private requireInstance(instanceId: string): ManagedInstanceFixture {
    const instance = this.managedInstances.get(instanceId);
    if (instance === undefined) throw new Error(`emulator: no managed instance ${instanceId}`);
    return instance;
  }
}

export function pingStatusOf(instance: ManagedInstanceFixture): PingStatus {
  return instance.pingStatus ?? 'Online';
}

export function isRunning(task: TaskFixture): boolean {
  return (task.desiredStatus ?? 'RUNNING') === 'RUNNING';
}

function withTimes(task: TaskFixture, at: number): TaskState {
  const running = (task.lastStatus ?? 'RUNNING') === 'RUNNING';
  return { ...task, times: running ? { createdAt: at, startedAt: at } : { createdAt: at } };
}
