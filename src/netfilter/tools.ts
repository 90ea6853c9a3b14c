import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import type { Backend, Family } from './rules.js';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program with an argument array: never a shell, so no value is ever parsed as code. */
export type ExecProgram = (file: string, args: readonly string[]) => Promise<CommandResult>;

export const execProgram: ExecProgram = (file, args) =>
  new Promise((resolve) => {
    execFile(
      file,
      args,
      { timeout: 60_000, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 127;
        const reason = error !== null && code === 127 ? error.message : '';
        resolve({ code, stdout, stderr: stderr + reason });
      },
    );
  });

/** The four binaries of one backend; an absent one is undefined. */
export interface Toolset {
  readonly backend: Backend;
  readonly command: Readonly<Record<Family, string | undefined>>;
  readonly save: Readonly<Record<Family, string | undefined>>;
}

// Debian's iptables ships both backends under suffixed names; so does the image.
const NAMES: Record<Backend, Record<'command' | 'save', Record<Family, string>>> = {
  nft: {
    command: { ipv4: 'iptables-nft', ipv6: 'ip6tables-nft' },
    save: { ipv4: 'iptables-nft-save', ipv6: 'ip6tables-nft-save' },
  },
  legacy: {
    command: { ipv4: 'iptables-legacy', ipv6: 'ip6tables-legacy' },
    save: { ipv4: 'iptables-legacy-save', ipv6: 'ip6tables-legacy-save' },
  },
};

/** PATH is the contract (root's PATH has the sbin directories): nothing is guessed. */
export function findExecutable(name: string, pathValue: string | undefined): string | undefined {
  const dirs = (pathValue ?? '').split(':').filter((d) => d.startsWith('/'));
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/** The toolsets whose IPv4 command and save binaries are both installed. */
export function installedToolsets(pathValue: string | undefined): Toolset[] {
  const toolsets: Toolset[] = [];
  for (const backend of ['nft', 'legacy'] as const) {
    const names = NAMES[backend];
    const find = (name: string) => findExecutable(name, pathValue);
    const toolset: Toolset = {
      backend,
      command: { ipv4: find(names.command.ipv4), ipv6: find(names.command.ipv6) },
      save: { ipv4: find(names.save.ipv4), ipv6: find(names.save.ipv6) },
    };
    if (toolset.command.ipv4 !== undefined && toolset.save.ipv4 !== undefined) {
      toolsets.push(toolset);
    }
  }
  return toolsets;
}
