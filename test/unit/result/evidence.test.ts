import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evidenceOf, evidenceWarning } from '../../../src/result/evidence.js';
import { JsonFileStore, eventsPathFor } from '../../../src/result/file-store.js';
import { decideOutcome } from '../../../src/result/outcome.js';
import type { ChaosResultObject, EventObject } from '../../../src/result/types.js';
import { eventsOf, resultOf, rig } from './helpers.js';

const counters = (connections: number, resets: number) => ({
  connections,
  resets,
  passedThrough: connections - resets,
  upstreamErrors: 0,
});
const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('fault evidence', () => {
  it('classifies each target and takes the worst as the overall effect', () => {
    const evidence = evidenceOf(
      [
        { name: 't1', counters: counters(12, 12) },
        { name: 't2', counters: counters(5, 0) },
        { name: 't3', counters: counters(0, 0) },
        { name: 't4', counters: null },
      ],
      10_000,
    );
    expect(evidence.targets.map((target) => target.effect)).toEqual([
      'reset',
      'no-resets',
      'no-connections',
      'unknown',
    ]);
    expect(evidence).toMatchObject({
      effect: 'unknown',
      connections: 17,
      resets: 12,
      resetTimeoutMs: 10_000,
    });
    expect(evidence.targets[3]).toEqual({ name: 't4', effect: 'unknown' });
    expect(evidenceWarning(evidence)).toBe(
      'The fault had no observed effect on 3 of 4 targets: 1 saw no client connection at all; 1 saw connections but reset none (every connection ended before RESET_TIMEOUT=10000 ms); 1 never reported counters. Connections 17, resets 12.',
    );
    expect(
      evidenceWarning(evidenceOf([{ name: 't1', counters: counters(3, 1) }], 10)),
    ).toBeUndefined();
  });

  it('a window without connections is written, logged and warned about; the Summary is a Warning even on Pass', async () => {
    const test = rig();
    const reporter = test.reporter();
    await reporter.start([]);
    await reporter.setTargets(['t1'], 'reverted');
    await reporter.recordEvidence([{ name: 't1', counters: counters(0, 0) }]);
    expect(resultOf(test.results).status.faultEvidence).toEqual({
      effect: 'no-connections',
      resetTimeoutMs: 10_000,
      connections: 0,
      resets: 0,
      targets: [
        {
          name: 't1',
          effect: 'no-connections',
          connections: 0,
          resets: 0,
          passedThrough: 0,
          upstreamErrors: 0,
        },
      ],
    });
    const warning = eventsOf(test.events).find((event) => event.reason === 'FaultNotObserved');
    expect(warning).toMatchObject({
      type: 'Warning',
      message: expect.stringContaining('1 saw no client connection at all') as unknown,
    });
    expect(
      test.lines.some(
        (line) =>
          line['level'] === 'warn' && String(line['message']).includes('no observed effect'),
      ),
    ).toBe(true);
    await reporter.finish(decideOutcome({ injected: true, probes: { statuses: [] } }));
    const summary = eventsOf(test.events).find((event) => event.reason === 'Summary');
    expect(summary).toMatchObject({
      type: 'Warning',
      message:
        'ecs-container-http-reset-peer experiment has been Passed (connections: 0, resets: 0)',
    });
    expect(resultOf(test.results).status.experimentStatus.verdict).toBe('Pass');
  });

  it('resets seen: no warning event, Summary Normal with the counts', async () => {
    const test = rig();
    const reporter = test.reporter();
    await reporter.start([]);
    await reporter.recordEvidence([{ name: 't1', counters: counters(40, 38) }]);
    await reporter.finish(decideOutcome({ injected: true, probes: { statuses: [] } }));
    const reasons = eventsOf(test.events).map((event) => event.reason);
    expect(reasons).not.toContain('FaultNotObserved');
    expect(eventsOf(test.events).find((event) => event.reason === 'Summary')).toMatchObject({
      type: 'Normal',
      message:
        'ecs-container-http-reset-peer experiment has been Passed (connections: 40, resets: 38)',
    });
  });
});

describe('the file sink', () => {
  it('holds exactly the ChaosResult object, events beside it, history kept across runs, summary lines', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ehc-unit-file-'));
    folders.push(folder);
    const path = join(folder, 'out', 'chaosresult.json');
    const test = rig();
    const results = new JsonFileStore<ChaosResultObject>(path, 'single');
    const events = new JsonFileStore<EventObject>(eventsPathFor(path), 'list');
    for (const abortedBy of [undefined, 'SIGTERM'] as const) {
      const reporter = test.reporter({ sink: 'file', location: path, results, events });
      await reporter.start([{ name: 'p', type: 'cmdProbe', mode: 'EOT' }]);
      await reporter.setTargets(['t1'], 'reverted');
      await reporter.recordEvidence([{ name: 't1', counters: counters(9, 9) }]);
      const statuses = [
        {
          name: 'p',
          type: 'cmdProbe' as const,
          mode: 'EOT' as const,
          status: { verdict: 'Passed' as const, description: 'actual 1, expected == 1' },
        },
      ];
      await reporter.finish(
        decideOutcome({
          injected: true,
          probes: { statuses },
          ...(abortedBy === undefined ? {} : { abortedBy }),
        }),
      );
    }
    const written = JSON.parse(await readFile(path, 'utf8')) as ChaosResultObject;
    expect(written.kind).toBe('ChaosResult');
    expect(written.metadata).toMatchObject({
      name: 'checkout-chaos-ecs-container-http-reset-peer',
      resourceVersion: expect.any(String) as unknown,
      uid: expect.any(String) as unknown,
    });
    expect(written.status.history).toMatchObject({
      passedRuns: 1,
      stoppedRuns: 1,
      targets: [{ name: 't1', kind: 'ECSTask', chaosStatus: 'reverted' }],
    });
    expect(written.status.experimentStatus).toMatchObject({
      phase: 'Stopped',
      verdict: 'Stopped',
      probeSuccessPercentage: '100',
    });
    const eventList = JSON.parse(
      await readFile(join(folder, 'out', 'chaosresult.events.json'), 'utf8'),
    ) as EventObject[];
    expect(eventList.find((event) => event.reason === 'Awaited')?.count).toBe(2);
    expect(eventList.find((event) => event.reason === 'Abort')?.count).toBe(1);
    expect(test.summary[0]).toContain(
      `verdict Pass, phase Completed, probe success 100% (written to ${path})`,
    );
    expect(test.summary).toContain('  target t1: reverted, connections 9, resets 9');
    expect(test.summary.at(-1)).toBe('  exit code 143');
  });

  it('refuses a file that is not JSON with a clear error naming it, instead of losing its history', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ehc-unit-file-'));
    folders.push(folder);
    const path = join(folder, 'chaosresult.json');
    await writeFile(path, 'not json');
    const store = new JsonFileStore<ChaosResultObject>(path, 'single');
    await expect(store.read('x')).rejects.toMatchObject({
      code: 'CHAOS_RESULT_CRUD_ERROR',
      target: path,
    });
  });

  it('names the events file beside the result file', () => {
    expect(eventsPathFor('/tmp/chaosresult.json')).toBe('/tmp/chaosresult.events.json');
    expect(eventsPathFor('/tmp/result')).toBe('/tmp/result.events.json');
  });
});
