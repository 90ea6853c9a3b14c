import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Real network namespaces joined by a veth pair, for tests of anything that runs "in a
 * container's namespace". Every name starts with `ehc-` and carries this process's pid,
 * so a suite can find (and scripts/leftovers.sh can prove gone) exactly what it made.
 */

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program (argument array, never a shell); resolves with its exit code. */
export function run(
  file: string,
  args: readonly string[],
  timeoutMs = 30_000,
): Promise<ExecResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr: error !== null && stderr === '' ? error.message : stderr });
      },
    );
  });
}

/** Like run, but a non-zero exit throws with the command and its stderr. */
export async function mustRun(file: string, args: readonly string[]): Promise<string> {
  const result = await run(file, args);
  if (result.code !== 0) {
    throw new Error(`${file} ${args.join(' ')} exited ${result.code}: ${result.stderr.trim()}`);
  }
  return result.stdout;
}

function onPath(name: string): string {
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    const candidate = join(dir, name);
    if (dir.startsWith('/') && existsSync(candidate)) return candidate;
  }
  return name;
}

/** Absolute, so a test may run a command with a PATH that lacks iproute2. */
const IP = onPath('ip');

/** argv that runs a command inside a namespace. */
export function inNamespace(
  ns: string,
  command: string,
  args: readonly string[],
): [string, string[]] {
  return [IP, ['netns', 'exec', ns, command, ...args]];
}

export function runIn(ns: string, command: string, args: readonly string[]): Promise<ExecResult> {
  const [file, argv] = inNamespace(ns, command, args);
  return run(file, argv);
}

export function mustRunIn(ns: string, command: string, args: readonly string[]): Promise<string> {
  const [file, argv] = inNamespace(ns, command, args);
  return mustRun(file, argv);
}

export interface Endpoint {
  /** Network namespace name. */
  readonly ns: string;
  /** The veth end inside it. */
  readonly ifname: string;
  readonly ipv4: string;
  /** Set when the pair was made with `ipv6: true`; IPv6 is disabled otherwise. */
  readonly ipv6: string | undefined;
}

export interface NamespacePair {
  readonly client: Endpoint;
  readonly server: Endpoint;
  /** Deletes both namespaces (the veth pair goes with them); safe to call twice. */
  destroy(): Promise<void>;
}

export interface PairOptions {
  /** A short word naming the suite, part of every name. */
  readonly tag: string;
  /** Global (ULA) IPv6 addresses on both ends; otherwise IPv6 is disabled on them. */
  readonly ipv6?: boolean;
  /** A default route in the server namespace via the client end (default true). */
  readonly defaultRoute?: boolean;
  readonly clientInterface?: string;
  readonly serverInterface?: string;
}

const PID_MARK = `-${process.pid}-`;
let sequence = 0;

/** Namespaces this process created and has not deleted. */
export async function ownNamespaces(): Promise<string[]> {
  const listing = await mustRun('ip', ['netns', 'list']);
  return listing
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith('ehc-') && name.includes(PID_MARK));
}

export async function deleteNamespace(ns: string): Promise<void> {
  await run('ip', ['netns', 'del', ns]);
}

async function setIpv6(ns: string, ifname: string, enabled: boolean): Promise<void> {
  const value = enabled ? '0' : '1';
  for (const scope of ['all', 'default', ifname]) {
    // The path is a fixed string with the interface as a positional parameter.
    await mustRunIn(ns, 'sh', [
      '-c',
      'echo "$1" > "/proc/sys/net/ipv6/conf/$2/disable_ipv6"',
      'sh',
      value,
      scope,
    ]);
  }
}

async function configureEnd(end: Endpoint, ipv6: boolean): Promise<void> {
  await mustRun('ip', ['-n', end.ns, 'link', 'set', 'lo', 'up']);
  await setIpv6(end.ns, end.ifname, ipv6);
  await mustRun('ip', ['-n', end.ns, 'addr', 'add', `${end.ipv4}/24`, 'dev', end.ifname]);
  if (end.ipv6 !== undefined) {
    await mustRun('ip', [
      '-n',
      end.ns,
      'addr',
      'add',
      `${end.ipv6}/64`,
      'dev',
      end.ifname,
      'nodad',
    ]);
  }
  await mustRun('ip', ['-n', end.ns, 'link', 'set', end.ifname, 'up']);
}

/** Two namespaces, `…-c` (clients) and `…-s` (servers), joined by a veth pair. */
export async function createNamespacePair(options: PairOptions): Promise<NamespacePair> {
  sequence += 1;
  const base = `ehc-${options.tag}${PID_MARK}${sequence}`;
  const ipv6 = options.ipv6 === true;
  const client: Endpoint = {
    ns: `${base}-c`,
    ifname: options.clientInterface ?? 'ehc-c0',
    ipv4: '10.231.0.1',
    ipv6: ipv6 ? 'fd00:231::1' : undefined,
  };
  const server: Endpoint = {
    ns: `${base}-s`,
    ifname: options.serverInterface ?? 'ehc-s0',
    ipv4: '10.231.0.2',
    ipv6: ipv6 ? 'fd00:231::2' : undefined,
  };
  const destroy = async () => {
    await deleteNamespace(client.ns);
    await deleteNamespace(server.ns);
  };
  try {
    await mustRun('ip', ['netns', 'add', client.ns]);
    await mustRun('ip', ['netns', 'add', server.ns]);
    await mustRun('ip', [
      'link',
      'add',
      client.ifname,
      'netns',
      client.ns,
      'type',
      'veth',
      'peer',
      'name',
      server.ifname,
      'netns',
      server.ns,
    ]);
    await configureEnd(client, ipv6);
    await configureEnd(server, ipv6);
    if (options.defaultRoute !== false) {
      await mustRun('ip', ['-n', server.ns, 'route', 'add', 'default', 'via', client.ipv4]);
    }
  } catch (error) {
    await destroy();
    throw error;
  }
  return { client, server, destroy };
}
