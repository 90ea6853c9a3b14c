/**
 * Everything the demo makes is registered here as it is made, with how to remove it, and
 * removed in reverse order on every way out: the end, a failure, Ctrl-C or SIGTERM. Then
 * the demo looks again: a folder, bridge or process of its own still there is reported.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { bridgeExists, processesUnder } from '../docker/index.js';
import { isAlive } from '../world/processes.js';
import type { Made } from './summary.js';

export class Cleanup {
  readonly made: Made = { folders: [], bridges: [], pids: [] };
  private readonly steps: { name: string; undo: () => Promise<unknown> }[] = [];

  /** Registers one removal (run last-in, first-out). */
  push(name: string, undo: () => Promise<unknown>): void {
    this.steps.push({ name, undo });
  }

  /** Runs every removal, each even when an earlier one failed; returns what failed. */
  async run(onStep: (name: string, ms: number, error?: string) => void): Promise<string[]> {
    const failures: string[] = [];
    while (this.steps.length > 0) {
      const step = this.steps.pop()!;
      const started = Date.now();
      try {
        await step.undo();
        onStep(step.name, Date.now() - started);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push(`${step.name}: ${message}`);
        onStep(step.name, Date.now() - started, message);
      }
    }
    return failures;
  }
}

async function commandLine(pid: number): Promise<string> {
  const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return raw.split('\0').join(' ').trim().slice(0, 120);
}

/** What is still there of what the demo made. */
export async function leftoversOf(made: Made): Promise<string[]> {
  const found: string[] = [];
  for (const folder of made.folders) {
    if (existsSync(folder)) found.push(`folder ${folder}`);
    for (const pid of await processesUnder(folder))
      found.push(`process ${pid} (${await commandLine(pid)})`);
  }
  for (const bridge of made.bridges) {
    if (await bridgeExists(bridge)) found.push(`bridge ${bridge}`);
  }
  for (const pid of made.pids) {
    if (isAlive(pid)) found.push(`process ${pid} (${await commandLine(pid)})`);
  }
  return [...new Set(found)];
}
