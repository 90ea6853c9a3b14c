import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventsPathFor } from '../../../src/result/file-store.js';
import type { EventObject } from '../../../src/result/types.js';
import { ExecutorRun, emulatorAwsEnv, type RunResult } from '../../../sandbox/world/executor.js';
import { CLUSTER, IMAGE, PORT, REGION } from './world.js';

export {
  newChaosUid,
  timeOf,
  type LogLine,
  type RunResult,
} from '../../../sandbox/world/executor.js';

/**
 * `run` against the executor suite's world: the emulator as endpoint, results to a file in
 * a home folder of its own, removed when the run is over.
 */
export class CliRun extends ExecutorRun {
  private constructor(
    readonly home: string,
    env: Record<string, string>,
  ) {
    super({ env, resultFile: join(home, 'chaosresult.json') });
  }

  static async start(endpoint: string, env: Record<string, string>): Promise<CliRun> {
    const home = await mkdtemp(join(tmpdir(), 'ehc-e2e-run-'));
    return new CliRun(home, {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: home,
      ...emulatorAwsEnv(endpoint),
      CLUSTER_NAME: CLUSTER,
      REGION,
      TARGET_SERVICE_PORT: String(PORT),
      LIB_IMAGE: IMAGE,
      INSTALL_DEPENDENCIES: 'false',
      PROXY_DRAIN_SECONDS: '1',
      LOG_FORMAT: 'json',
      CHAOS_RESULT_FILE: join(home, 'chaosresult.json'),
      ...env,
    });
  }

  /** The run, with the Events the file sink wrote beside the ChaosResult. */
  override async finished(): Promise<RunResult & { readonly events: readonly EventObject[] }> {
    const result = await super.finished();
    const text = await readFile(eventsPathFor(join(this.home, 'chaosresult.json')), 'utf8').catch(
      () => '[]',
    );
    await rm(this.home, { recursive: true, force: true });
    return { ...result, events: JSON.parse(text) as EventObject[] };
  }
}
