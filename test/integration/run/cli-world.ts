// `bin/ecs-http-chaos run` against the AWS emulator's sample world, without any host: for
// what happens before a command reaches a host (preflight, SendCommand's answers, signals).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ExecutorRun,
  emulatorAwsEnv,
  newChaosUid,
  type LogLine,
  type RunResult,
} from '../../../sandbox/world/executor.js';

export type { LogLine, RunResult };

/** One run with results to a file in a folder of its own, removed when it is over. */
export class SampleRun extends ExecutorRun {
  private constructor(
    private readonly home: string,
    env: Record<string, string>,
  ) {
    super({ env, resultFile: join(home, 'chaosresult.json'), maxRunMs: 120_000 });
  }

  static async start(endpoint: string, env: Record<string, string>): Promise<SampleRun> {
    const home = await mkdtemp(join(tmpdir(), 'ehc-run-cli-'));
    return new SampleRun(home, {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: home,
      ...emulatorAwsEnv(endpoint),
      CLUSTER_NAME: 'ehc-cluster',
      REGION: 'us-east-1',
      SERVICE_NAME: 'web',
      TARGET_SERVICE_PORT: '80',
      CHAOS_UID: newChaosUid('run-cli'),
      INSTALL_DEPENDENCIES: 'false',
      LOG_FORMAT: 'json',
      CHAOS_RESULT_FILE: join(home, 'chaosresult.json'),
      ...env,
    });
  }

  override async finished(): Promise<RunResult> {
    const result = await super.finished();
    await rm(this.home, { recursive: true, force: true });
    return result;
  }
}

/** status.experimentStatus of the result the run wrote. */
export function experimentStatus(result: RunResult): Record<string, unknown> {
  const status = result.result?.['status'] as Record<string, unknown> | undefined;
  return (status?.['experimentStatus'] ?? {}) as Record<string, unknown>;
}
