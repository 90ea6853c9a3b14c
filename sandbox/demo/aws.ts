/**
 * The AWS emulator as its own process (sandbox/emulator/main.ts), the way a person would
 * run it next to the tool. It runs in a process group of its own, so a Ctrl-C on the
 * terminal reaches the executor (which then reverts through it) but not the emulator, and
 * through tether.sh, so it dies with the demo even when the demo is killed outright.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { EmulatorFixture } from '../emulator/fixture.js';
import { tetherScript } from '../kube/paths.js';
import { Tracked } from '../world/processes.js';

const MAIN = resolve(import.meta.dirname, '../emulator/main.js');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 20_000;

interface EmulatorEvent {
  readonly event?: string;
  readonly endpoint?: string;
  readonly requests?: Record<string, number>;
}

export class EmulatorProcess {
  private constructor(
    private readonly tracked: Tracked,
    readonly endpoint: string,
    readonly fixtureFile: string,
  ) {}

  get pid(): number {
    return this.tracked.pid;
  }

  static async start(fixture: EmulatorFixture, dir: string): Promise<EmulatorProcess> {
    const fixtureFile = join(dir, 'aws-fixture.json');
    await writeFile(fixtureFile, `${JSON.stringify(fixture, null, 2)}\n`);
    const child = spawn(
      tetherScript(),
      [String(process.pid), process.execPath, MAIN, '--fixture', fixtureFile],
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const tracked = new Tracked(child);
    try {
      const line = await tracked.waitForLine(
        (text) => text.includes('"listening"'),
        START_TIMEOUT_MS,
      );
      const endpoint = (JSON.parse(line) as EmulatorEvent).endpoint;
      if (endpoint === undefined) throw new Error(`the emulator said no endpoint: ${line}`);
      return new EmulatorProcess(tracked, endpoint, fixtureFile);
    } catch (error) {
      await stopGroup(tracked);
      throw error;
    }
  }

  /** Stops it (it kills every command it started first); returns its requests per action. */
  async stop(): Promise<Record<string, number>> {
    await stopGroup(this.tracked);
    const stopped = this.tracked
      .events()
      .map((event) => event as EmulatorEvent)
      .find((event) => event.event === 'stopped');
    return stopped?.requests ?? {};
  }
}

async function stopGroup(tracked: Tracked): Promise<void> {
  if (tracked.child.exitCode !== null || tracked.child.signalCode !== null) return;
  tracked.child.kill('SIGTERM');
  if ((await tracked.exitWithin(STOP_TIMEOUT_MS)) !== undefined) return;
  try {
    process.kill(-tracked.pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
  await tracked.exitWithin(5_000);
}
