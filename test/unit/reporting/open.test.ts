import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { loadRunConfig } from '../../../src/config/load-config.js';
import type { Phase } from '../../../src/errors/codes.js';
import { openReporting } from '../../../src/reporting/open.js';
import { captureLogger } from '../../support/fakes/logger.js';
import { BASE_ENV } from '../run/fakes/harness.js';
import { VirtualClock } from '../run/fakes/clock.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('openReporting: lines carry the run phase they are written in', () => {
  it('tags the sink line and later reporter lines with the phase the run is in at the time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reporting-'));
    dirs.push(dir);
    // No HOME, KUBECONFIG or service account: the file sink, without touching a network.
    const env = { ...BASE_ENV, CHAOS_RESULT_FILE: join(dir, 'chaosresult.json') };
    const { logger, lines } = captureLogger();
    let phase: Phase = 'result-init';
    const reporting = await openReporting(loadRunConfig(env, { int: () => 0 }), {
      env,
      clock: new VirtualClock(Date.UTC(2026, 10, 25)),
      logger: logger.following(() => phase),
      stderr: () => undefined,
    });
    await reporting.begin();
    phase = 'inject';
    await reporting.reporter.setTargets(['task-a'], 'injected');
    const sink = lines.find((line) => String(line['message']).startsWith('ChaosResult sink: file'));
    expect(sink?.['phase']).toBe('result-init');
    const injected = lines.find((line) => line['message'] === 'targets injected');
    expect(injected?.['phase']).toBe('inject');
  });
});
