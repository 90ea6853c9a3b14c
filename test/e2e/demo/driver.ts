/**
 * The demo driver itself (what `make demo` runs after preparing), as a child process of the
 * test: its human output collected line by line, its summary.json read at the end.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoSummary } from '../../../sandbox/demo/summary.js';
import { OVERRIDES } from '../../../sandbox/demo/settings.js';
import { bridgeExists, processesUnder } from '../../../sandbox/docker/index.js';
import { repositoryRoot } from '../../../sandbox/kube/paths.js';
import { Tracked, isAlive } from '../../../sandbox/world/processes.js';

const MAIN = join(repositoryRoot(), '.build', 'sandbox', 'demo', 'main.js');

export interface DemoRun {
  readonly tracked: Tracked;
  readonly outDir: string;
}

/**
 * Starts the compiled driver (`make build-tools`) with the demo's defaults (any tunable in
 * the test's environment is dropped) plus `env`, in a process group of its own, so the
 * test can send a signal to the whole group as a terminal's Ctrl-C does.
 */
export async function startDemo(env: Record<string, string> = {}): Promise<DemoRun> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run 'make build-tools'`);
  const outDir = await mkdtemp(join(tmpdir(), 'ehc-e2e-demo-'));
  const tunables = new Set(OVERRIDES.map(([name]) => name));
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !tunables.has(name)),
  );
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...inherited,
      EHC_IMAGE: process.env['EHC_IMAGE'] ?? 'ecs-http-chaos:dev',
      DEMO_OUT_DIR: outDir,
      ...env,
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { tracked: new Tracked(child), outDir };
}

export async function summaryOf(run: DemoRun): Promise<DemoSummary> {
  return JSON.parse(await readFile(join(run.outDir, 'summary.json'), 'utf8')) as DemoSummary;
}

/** What is still there of what the summary says the demo made, checked independently. */
export async function stillThere(summary: DemoSummary): Promise<string[]> {
  const found: string[] = [];
  for (const folder of summary.made.folders) {
    if (existsSync(folder)) found.push(`folder ${folder}`);
    for (const pid of await processesUnder(folder)) found.push(`process ${pid} under ${folder}`);
  }
  for (const bridge of summary.made.bridges)
    if (await bridgeExists(bridge)) found.push(`bridge ${bridge}`);
  for (const pid of summary.made.pids) if (isAlive(pid)) found.push(`process ${pid}`);
  return found;
}

/**
 * Ends a driver a failed test left running: SIGTERM (it reverts and cleans up), and only
 * when it does not exit within the bound, SIGKILL to its group.
 */
export async function stopDemo(run: DemoRun | undefined): Promise<void> {
  if (run === undefined || run.tracked.child.exitCode !== null) return;
  run.tracked.child.kill('SIGTERM');
  if ((await run.tracked.exitWithin(120_000)) !== undefined) return;
  try {
    process.kill(-run.tracked.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
