import { readdir, readFile, rm } from 'node:fs/promises';
import { run, type RunOptions, type RunResult } from './process.js';
import { waitFor } from './wait.js';

interface Stoppable {
  readonly pid: number;
  readonly paths: { readonly dir: string };
  docker(args: readonly string[], options?: RunOptions): Promise<RunResult>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Processes whose command line names the daemon's folder: its containerd and shims. */
export async function processesUnder(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(dir)) pids.push(Number(entry));
  }
  return pids;
}

export async function mountsUnder(dir: string): Promise<string[]> {
  const mounts = await readFile('/proc/mounts', 'utf8');
  return mounts
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((point) => point.startsWith(`${dir}/`))
    .sort()
    .reverse();
}

async function removeContainers(daemon: Stoppable): Promise<void> {
  const listed = await daemon.docker(['ps', '-aq'], { allowFailure: true, timeoutMs: 15_000 });
  const ids = listed.code === 0 ? listed.stdout.split('\n').filter(Boolean) : [];
  if (ids.length > 0) await daemon.docker(['rm', '-f', '-v', ...ids], { timeoutMs: 60_000 });
}

async function endProcess(pid: number, graceMs: number): Promise<void> {
  if (pid <= 0 || !alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  try {
    await waitFor(`process ${pid} to end`, () => Promise.resolve(alive(pid) ? undefined : true), {
      timeoutMs: graceMs,
    });
  } catch {
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
}

async function unmountAll(dir: string): Promise<void> {
  for (const point of await mountsUnder(dir)) {
    const done = await run('umount', [point], { allowFailure: true });
    if (done.code !== 0) await run('umount', ['-l', point], { allowFailure: true });
  }
}

/** Everything of one test daemon, in the order that leaves nothing behind. */
export async function removeEverything(daemon: Stoppable): Promise<void> {
  const dir = daemon.paths.dir;
  const problems: string[] = [];
  await removeContainers(daemon).catch((error: unknown) => {
    problems.push(`containers: ${error instanceof Error ? error.message : String(error)}`);
  });
  await endProcess(daemon.pid, 30_000);
  // The daemon started these (its containerd, container shims); none may outlive it.
  for (const pid of await processesUnder(dir)) await endProcess(pid, 5_000);
  await unmountAll(dir);
  await rm(dir, { recursive: true, force: true });
  const left = [...(await processesUnder(dir)), ...(await mountsUnder(dir))];
  if (left.length > 0) problems.push(`still there: ${left.join(', ')}`);
  if (problems.length > 0)
    throw new Error(`test daemon ${dir} not fully removed: ${problems.join('; ')}`);
}
