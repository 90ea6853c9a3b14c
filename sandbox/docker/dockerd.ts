import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimBridge, releaseBridge, type Bridge } from './bridge.js';
import { run, type RunOptions, type RunResult } from './process.js';
import { removeEverything } from './teardown.js';
import { waitFor } from './wait.js';

/** Where one test daemon keeps everything; all of it goes on stop(). */
export interface DaemonPaths {
  readonly dir: string;
  readonly socket: string;
  readonly dataRoot: string;
  readonly execRoot: string;
  readonly pidfile: string;
  readonly log: string;
  /** ECS_HOST_DATA_DIR of this emulated instance (ECS metadata files live below it). */
  readonly ecsDataDir: string;
  /** ECS_HTTP_CHAOS_STATE_DIR of this emulated instance (host locks, tombstones). */
  readonly stateDir: string;
}

let counter = 0;

/** Unique per run and per daemon; `ehc-dockerd` in every path lets leftovers.sh see them. */
function pathsFor(label: string): DaemonPaths {
  counter += 1;
  const dir = join(
    tmpdir(),
    `ehc-dockerd-${process.pid}-${counter}-${randomBytes(2).toString('hex')}${label}`,
  );
  return {
    dir,
    socket: join(dir, 'docker.sock'),
    dataRoot: join(dir, 'data'),
    execRoot: join(dir, 'exec'),
    pidfile: join(dir, 'dockerd.pid'),
    log: join(dir, 'dockerd.log'),
    ecsDataDir: join(dir, 'ecs'),
    stateDir: join(dir, 'state'),
  };
}

function daemonArgs(paths: DaemonPaths, bridge: Bridge): string[] {
  return [
    '-H',
    `unix://${paths.socket}`,
    '--data-root',
    paths.dataRoot,
    '--exec-root',
    paths.execRoot,
    '--pidfile',
    paths.pidfile,
    // Not /etc/docker/daemon.json: the machine's settings must not leak into the test host.
    '--config-file',
    join(paths.dir, 'daemon.json'),
    '--bridge',
    bridge.name,
    // The machine's iptables and forwarding stay exactly as they were (docs/reference/docker.md).
    '--iptables=false',
    '--ip-masq=false',
    '--ip-forward=false',
  ];
}

/** A dockerd of its own: one emulated ECS container instance's Docker. */
export class TestDaemon {
  private stopped = false;

  private constructor(
    readonly paths: DaemonPaths,
    readonly bridge: Bridge,
    readonly pid: number,
  ) {}

  /** DOCKER_HOST for this daemon. */
  get dockerHost(): string {
    return `unix://${this.paths.socket}`;
  }

  static async start(label = ''): Promise<TestDaemon> {
    const paths = pathsFor(label);
    await mkdir(paths.dir, { recursive: true, mode: 0o700 });
    await Promise.all([mkdir(paths.ecsDataDir), mkdir(paths.stateDir)]);
    await writeFile(join(paths.dir, 'daemon.json'), '{}\n');
    const bridge = await claimBridge();
    // For scripts/dockerd-gc.sh, should this process die before stop().
    await writeFile(join(paths.dir, 'bridge'), `${bridge.name}\n`);
    const log = await open(paths.log, 'a');
    const child = spawn('dockerd', daemonArgs(paths, bridge), {
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
    });
    child.unref();
    await log.close();
    const pid = child.pid;
    const daemon = new TestDaemon(paths, bridge, pid ?? -1);
    try {
      if (pid === undefined)
        throw new Error('dockerd could not be started (is docker.io installed?)');
      await waitFor(
        `dockerd on ${paths.socket} (log ${paths.log})`,
        async () => {
          const probe = await daemon.docker(['version', '--format', '{{.Server.Version}}'], {
            allowFailure: true,
            timeoutMs: 5_000,
          });
          return probe.code === 0 ? true : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 200 },
      );
    } catch (error) {
      await daemon.stop();
      throw error;
    }
    return daemon;
  }

  /** The docker CLI against this daemon only. */
  docker(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return run('docker', args, {
      ...options,
      env: { ...options.env, DOCKER_HOST: this.dockerHost },
    });
  }

  /**
   * Removes every container of this daemon (all are the test's), stops the daemon and its
   * containerd, unmounts what they left, deletes the bridge and the folder. Idempotent;
   * throws when something could not be removed, so a leak fails the suite.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    try {
      await removeEverything(this);
    } finally {
      await releaseBridge(this.bridge);
    }
  }
}
