import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createNamespacePair,
  inNamespace,
  ownNamespaces,
  type NamespacePair,
} from '../test/support/netns.js';
import { ProcessTracker, type Tracked } from '../sandbox/world/processes.js';

/**
 * The bench's world: a client/server namespace pair, every process it starts (each
 * pinned to one CPU) and a temporary directory. `close` removes all of it and says what,
 * if anything, could not be removed; it is safe to call twice.
 */

/** Server, app and relays share one CPU (as in one container); load generators the other. */
export const SERVER_CPU = 0;
export const CLIENT_CPU = 1;

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export class Lab {
  private readonly tracker = new ProcessTracker();
  private closed = false;

  private constructor(
    readonly pair: NamespacePair,
    readonly tempDir: string,
  ) {}

  static async create(): Promise<Lab> {
    const tempDir = mkdtempSync(join(tmpdir(), `ehc-bench-${process.pid}-`));
    try {
      const pair = await createNamespacePair({ tag: 'bench' });
      const lab = new Lab(pair, tempDir);
      await lab.tuneForLoad().catch(async (error: unknown) => {
        await pair.destroy();
        throw error;
      });
      return lab;
    } catch (error) {
      rmSync(tempDir, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * A relay makes the client close first (its FIN trails the response), so wrk's ports
   * sit in TIME_WAIT and connection-per-request would stall at ~28k ports / 60 s. Load
   * generators reuse TIME_WAIT ports (safe with timestamps); so does the relay's dial.
   */
  private async tuneForLoad(): Promise<void> {
    for (const ns of [this.clientNs, this.serverNs]) {
      await this.mustRun(ns, ['sysctl', '-q', '-w', 'net.ipv4.tcp_tw_reuse=1']);
    }
  }

  /**
   * Each contender starts from an empty conntrack table in the server namespace. A relay
   * that reset connections leaves their entries in CLOSE for 10 s *with its NAT binding*:
   * a client reusing such a 4-tuple would be redirected to a port nobody listens on any
   * more and refused, which the next contender would be blamed for.
   */
  async freshConntrack(): Promise<void> {
    await this.mustRun(this.serverNs, ['conntrack', '-F']);
  }

  /** True once `close` has begun: a signal arrived or the run is over. */
  get isClosed(): boolean {
    return this.closed;
  }

  get serverNs(): string {
    return this.pair.server.ns;
  }

  get clientNs(): string {
    return this.pair.client.ns;
  }

  /** The address clients dial: the server namespace's own address. */
  get serverIp(): string {
    return this.pair.server.ipv4;
  }

  /** A long-running process in a namespace, pinned to one CPU. */
  spawn(ns: string, cpu: number, command: readonly string[], env?: NodeJS.ProcessEnv): Tracked {
    if (this.closed) throw new Error('the lab is closed');
    const [file, args] = inNamespace(ns, 'taskset', ['-c', String(cpu), ...command]);
    return this.tracker.spawn(file, args, env);
  }

  /** A bounded command in a namespace, pinned to one CPU; killed after `timeoutMs`. */
  async run(
    ns: string,
    cpu: number,
    command: readonly string[],
    timeoutMs: number,
  ): Promise<Finished> {
    const child = this.spawn(ns, cpu, command);
    child.child.stdin?.end();
    const exit = await child.exitWithin(timeoutMs);
    if (exit === undefined) {
      child.child.kill('SIGKILL');
      await child.exitWithin(5000);
      throw new Error(`${command.join(' ')} did not finish within ${timeoutMs} ms`);
    }
    return { code: exit.code, stdout: child.lines.join('\n'), stderr: child.stderr };
  }

  /** Like run, but a non-zero exit throws with the command and its stderr. */
  async mustRun(ns: string, command: readonly string[], timeoutMs = 15_000): Promise<string> {
    const result = await this.run(ns, SERVER_CPU, command, timeoutMs);
    if (result.code !== 0) {
      throw new Error(
        `${command.join(' ')} exited ${String(result.code)}: ${result.stderr.trim()}`,
      );
    }
    return result.stdout;
  }

  /** Kills whatever still runs, deletes the namespaces and the temp dir; lists leftovers. */
  async close(): Promise<string[]> {
    this.closed = true;
    await this.tracker.killAll();
    await this.pair.destroy();
    rmSync(this.tempDir, { recursive: true, force: true });
    const left: string[] = [];
    const namespaces = await ownNamespaces();
    if (namespaces.length > 0) left.push(`network namespaces: ${namespaces.join(' ')}`);
    const pids = this.tracker.alive();
    if (pids.length > 0) left.push(`processes: ${pids.join(' ')}`);
    return left;
  }
}
