import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecProgram } from '../../netfilter/tools.js';

/**
 * Named pipes in a private directory, each lent to one standby `ss` at a time and taken
 * back once that ss has exited (its pipe then holds nothing and has no reader).
 */
export class FifoRing {
  private readonly free: string[];

  private constructor(
    private readonly dir: string,
    paths: readonly string[],
  ) {
    this.free = [...paths];
  }

  /** Undefined when mkfifo fails (a read-only /tmp): the killer then spawns ss cold. */
  static async create(
    mkfifo: string,
    run: ExecProgram,
    size: number,
  ): Promise<FifoRing | undefined> {
    let dir: string | undefined;
    try {
      dir = mkdtempSync(join(tmpdir(), 'ehc-ss-'));
      const paths = Array.from({ length: size }, (_, i) => join(dir ?? '', `filter-${i}`));
      const made = await run(mkfifo, ['-m', '600', ...paths]);
      if (made.code === 0) return new FifoRing(dir, paths);
    } catch {
      // fall through: no ring
    }
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    return undefined;
  }

  take(): string | undefined {
    return this.free.shift();
  }

  release(path: string): void {
    this.free.push(path);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
