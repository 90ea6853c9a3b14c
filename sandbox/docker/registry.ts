import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerInstance } from './instance.js';
import { processesUnder } from './teardown.js';
import { freePort, httpGet, waitFor } from './wait.js';

function config(dataDir: string, address: string): string {
  return [
    'version: 0.1',
    'log:',
    '  level: warn',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${dataDir}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${address}`,
    '',
  ].join('\n');
}

/**
 * Debian's docker-registry on loopback: where INSTALL_DEPENDENCIES=true pulls LIB_IMAGE
 * from. Docker treats 127.0.0.0/8 registries as insecure (plain HTTP) by default.
 */
export class LocalRegistry {
  private stopped = false;

  private constructor(
    readonly address: string,
    readonly dir: string,
    private readonly pid: number,
  ) {}

  static async start(): Promise<LocalRegistry> {
    const dir = join(
      tmpdir(),
      `ehc-test-registry-${process.pid}-${randomBytes(3).toString('hex')}`,
    );
    await mkdir(join(dir, 'data'), { recursive: true, mode: 0o700 });
    const address = `127.0.0.1:${await freePort()}`;
    const configFile = join(dir, 'config.yml');
    await writeFile(configFile, config(join(dir, 'data'), address));
    const log = await open(join(dir, 'registry.log'), 'a');
    const child = spawn('docker-registry', ['serve', configFile], {
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
    });
    child.unref();
    await log.close();
    const registry = new LocalRegistry(address, dir, child.pid ?? -1);
    try {
      await waitFor(`docker-registry on ${address} (log ${dir}/registry.log)`, async () => {
        const answer = await httpGet(`http://${address}/v2/`, 1_000);
        return answer.status === 200 ? true : undefined;
      });
    } catch (error) {
      await registry.stop();
      throw error;
    }
    return registry;
  }

  /** Tags a local image of `instance` into this registry and pushes it; returns the ref. */
  async push(instance: ContainerInstance, image: string, repository: string): Promise<string> {
    const ref = `${this.address}/${repository}`;
    await instance.docker(['tag', image, ref]);
    await instance.docker(['push', ref], { timeoutMs: 300_000 });
    return ref;
  }

  /** Idempotent: the process id is never signalled twice (it could be reused). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const pid of [this.pid, ...(await processesUnder(this.dir))]) {
      try {
        if (pid > 0) process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await waitFor(`docker-registry ${this.address} to end`, async () =>
      (await processesUnder(this.dir)).length === 0 ? true : undefined,
    );
    await rm(this.dir, { recursive: true, force: true });
  }
}
