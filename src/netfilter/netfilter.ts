import type { Backend, Family } from './rules.js';
import { parseSave, type SavedTable } from './save.js';
import type { ExecProgram, Toolset } from './tools.js';

/**
 * Seconds to wait for the xtables lock. The lock file is the container's own (`/run` is a
 * tmpfs), so it only orders writers inside our container; the nft backend commits
 * atomically anyway, and a host-side legacy writer into the task namespace (a CNI at task
 * start) is not serialised against us (noted in docs/decisions/0010).
 */
const LOCK_WAIT_S = '10';

/** Messages meaning "it is already gone": a removal that finds nothing succeeded. */
const ALREADY_GONE =
  /does a matching rule exist|No chain\/target\/match by that name|No such file or directory|doesn't exist/;

export class NetfilterCommandError extends Error {
  constructor(
    readonly command: string,
    readonly stderr: string,
  ) {
    super(`${command}: ${stderr.trim() === '' ? 'failed' : stderr.trim()}`);
    this.name = 'NetfilterCommandError';
  }
}

/** One backend's iptables of the current network namespace. */
export class Netfilter {
  constructor(
    private readonly toolset: Toolset,
    private readonly run: ExecProgram,
  ) {}

  get backend(): Backend {
    return this.toolset.backend;
  }

  supports(family: Family): boolean {
    return this.toolset.command[family] !== undefined && this.toolset.save[family] !== undefined;
  }

  async apply(family: Family, args: readonly string[]): Promise<void> {
    const file = this.binary('command', family);
    const result = await this.run(file, ['-w', LOCK_WAIT_S, ...args]);
    if (result.code !== 0)
      throw new NetfilterCommandError([file, ...args].join(' '), result.stderr);
  }

  /** Like apply, but "already gone" counts as done. Returns whether it removed something. */
  async remove(family: Family, args: readonly string[]): Promise<boolean> {
    try {
      await this.apply(family, args);
      return true;
    } catch (error) {
      if (error instanceof NetfilterCommandError && ALREADY_GONE.test(error.stderr)) return false;
      throw error;
    }
  }

  /** Without `-t`, so that a table the namespace does not use is not created by looking. */
  async save(family: Family): Promise<readonly SavedTable[]> {
    return parseSave(await this.saveText(family));
  }

  async saveText(family: Family): Promise<string> {
    const file = this.binary('save', family);
    const result = await this.run(file, []);
    if (result.code !== 0) throw new NetfilterCommandError(file, result.stderr);
    return result.stdout;
  }

  private binary(kind: 'command' | 'save', family: Family): string {
    const file = this.toolset[kind][family];
    if (file === undefined) {
      throw new NetfilterCommandError(`${this.backend} ${family} ${kind}`, 'binary not installed');
    }
    return file;
  }
}
