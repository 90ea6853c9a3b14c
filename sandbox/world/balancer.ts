/**
 * The service's load balancer, as a network load balancer behaves: each new TCP connection
 * goes to the next task in turn, bytes pass untouched, and a reset from the task is passed
 * on to the client as a reset. The probe checks the service through it, as users reach it,
 * so it needs no knowledge of which tasks the run will pick.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { EcsTask } from '../docker/index.js';
import { PORT } from './world.js';
import { listenOnFreePort } from './listen.js';

export interface BalancedCounts {
  connections: number;
  /** Connections the task reset, passed on to the client. */
  resets: number;
}

export class RoundRobinBalancer {
  readonly counts = new Map<string, BalancedCounts>();
  private tasks: readonly EcsTask[] = [];
  private next = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /**
   * Listens on a free port of `host` (loopback, or an address pods reach); routes nowhere
   * (refuses) until route() is called.
   */
  static async start(host = '127.0.0.1'): Promise<RoundRobinBalancer> {
    const server = createServer();
    const balancer = new RoundRobinBalancer(server, await listenOnFreePort(server, host));
    server.on('connection', (client) => {
      balancer.relay(client);
    });
    return balancer;
  }

  /** The service's tasks, in the order connections go to them. */
  route(tasks: readonly EcsTask[]): void {
    for (const task of tasks) this.counts.set(task.taskId, { connections: 0, resets: 0 });
    this.tasks = tasks;
  }

  private relay(client: Socket): void {
    const task = this.tasks[this.next % Math.max(1, this.tasks.length)];
    if (task === undefined) {
      client.destroy();
      return;
    }
    this.next += 1;
    const counts = this.counts.get(task.taskId)!;
    counts.connections += 1;
    const upstream = connect(PORT, task.ip);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    }
    client.on('error', () => upstream.destroy());
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') {
        client.destroy();
        return;
      }
      counts.resets += 1;
      if (!client.destroyed) client.resetAndDestroy();
    });
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** Idempotent. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) =>
      this.server.close(() => {
        resolve();
      }),
    );
  }
}
