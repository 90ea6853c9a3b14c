/**
 * summary.json: everything the final report says, machine-readable, beside the human
 * output, so a test (test/e2e/demo) checks the report against the raw measurements.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ExperimentStatus, FaultEvidence, ProbeStatus } from '../../src/result/types.js';
import type { RunMoments } from './executor.js';
import type { Check, TaskReport } from './report.js';
import type { DemoSettings } from './settings.js';
import type { StageTime } from './stages.js';

export interface ResultLocation {
  readonly sink: 'file' | 'kubernetes';
  /** The file, or "<namespace>/<name> on <server>". */
  readonly where: string;
  /** A copy of the ChaosResult (and its events) kept after the demo. */
  readonly copy: string | undefined;
}

/** What the demo made and removed, and what a check after the removal still found. */
export interface Made {
  /** Folders (test dockerds, emulator work, kube data, the run's home). */
  readonly folders: string[];
  readonly bridges: string[];
  /** Processes started (dockerd, emulator, etcd, kube-apiserver through tether.sh, the run). */
  readonly pids: number[];
}

export interface DemoSummary {
  readonly settings: DemoSettings;
  readonly exitCode: number;
  readonly stoppedBy: string | undefined;
  readonly failure: string | undefined;
  readonly executor: {
    readonly code: number | null;
    readonly signal: string | null;
    readonly env: Record<string, string>;
  } | null;
  readonly moments: RunMoments | null;
  readonly tasks: readonly TaskReport[];
  readonly verdict: ExperimentStatus | null;
  readonly probeStatuses: readonly ProbeStatus[];
  readonly faultEvidence: FaultEvidence | null;
  readonly chaosResult: ResultLocation | null;
  readonly awsRequests: Record<string, number>;
  readonly checks: readonly Check[];
  readonly stages: readonly StageTime[];
  readonly totalMs: number;
  readonly made: Made;
  /** Anything of the demo's still there after the clean-up (empty: nothing left). */
  readonly leftovers: readonly string[];
}

export async function writeSummary(path: string, summary: DemoSummary): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(summary, null, 1)}\n`);
}
