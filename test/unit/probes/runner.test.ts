import { describe, expect, it } from '@jest/globals';
import type { ProbeCheck } from '../../../src/probes/evaluate.js';
import { parseProbes } from '../../../src/probes/parse.js';
import { ProbeRunner } from '../../../src/probes/runner.js';
import type { CheckResult, ProbeDefinition } from '../../../src/probes/types.js';
import { FakeClock } from '../../support/fakes/clock.js';
import { captureLogger } from '../../support/fakes/logger.js';

interface Spec {
  readonly name: string;
  readonly mode: ProbeDefinition['mode'];
  readonly run?: Record<string, unknown>;
}

function probes(...specs: Spec[]): ProbeDefinition[] {
  return parseProbes(
    specs.map((spec) => ({
      name: spec.name,
      type: 'cmdProbe',
      mode: spec.mode,
      runProperties: { probeTimeout: '1s', interval: '1s', ...spec.run },
      'cmdProbe/inputs': {
        command: 'true',
        comparator: { type: 'int', criteria: '==', value: '0' },
      },
    })),
    'test',
    'pre-chaos',
  );
}

/** Scripted answers per probe (the last repeats), with the virtual time of every call. */
function scripted(clock: FakeClock, answers: Record<string, readonly boolean[]>) {
  const calls: Record<string, number[]> = {};
  const checkFor =
    (probe: ProbeDefinition): ProbeCheck =>
    async () => {
      const times = (calls[probe.name] ??= []);
      times.push(clock.now());
      const list = answers[probe.name] ?? [true];
      const ok = list[Math.min(times.length - 1, list.length - 1)] ?? true;
      await Promise.resolve();
      const result: CheckResult = { ok, description: ok ? 'fine' : 'ECONNRESET' };
      return result;
    };
  return { calls, checkFor };
}

function runner(
  list: ProbeDefinition[],
  answers: Record<string, readonly boolean[]>,
  abort = new AbortController(),
) {
  const clock = new FakeClock();
  const { logger, lines } = captureLogger();
  const script = scripted(clock, answers);
  const changes: number[] = [];
  const probeRunner = new ProbeRunner({
    probes: list,
    checkFor: script.checkFor,
    clock,
    logger,
    abort: abort.signal,
    timeout: () => new AbortController().signal,
    onChange: (statuses) => changes.push(statuses.length),
  });
  const verdicts = (): Record<string, string> =>
    Object.fromEntries(
      probeRunner.report().statuses.map((status) => [status.name, status.status.verdict]),
    );
  return { clock, probeRunner, calls: script.calls, verdicts, lines, changes, abort };
}

describe('ProbeRunner modes', () => {
  it('SOT before, EOT after, in declaration order, each after its initialDelay', async () => {
    const test = runner(
      probes(
        { name: 'sot', mode: 'SOT', run: { initialDelay: '3s' } },
        { name: 'eot', mode: 'EOT' },
      ),
      {},
    );
    await test.probeRunner.preChaos();
    expect(test.verdicts()).toEqual({ sot: 'Passed', eot: 'Awaited' });
    expect(test.calls['sot']).toHaveLength(1);
    expect(test.clock.sleeps).toEqual([3000]);
    await test.probeRunner.postChaos();
    expect(test.verdicts()).toEqual({ sot: 'Passed', eot: 'Passed' });
    expect(test.changes.length).toBeGreaterThanOrEqual(2);
  });

  it('attempt = total tries, interval apart; the first passing try wins', async () => {
    const test = runner(
      probes(
        { name: 'flaky', mode: 'SOT', run: { attempt: 3, interval: '2s' } },
        { name: 'down', mode: 'EOT', run: { attempt: 2 } },
      ),
      {
        flaky: [false, false, true],
        down: [false],
      },
    );
    await test.probeRunner.preChaos();
    expect(test.calls['flaky']).toHaveLength(3);
    expect(test.clock.sleeps).toEqual([2000, 2000]);
    await test.probeRunner.postChaos();
    expect(test.verdicts()).toEqual({ flaky: 'Passed', down: 'Failed' });
    expect(test.probeRunner.report().statuses[1]?.status.description).toBe(
      'failed post-chaos: ECONNRESET (all 2 attempts failed)',
    );
  });

  it('Edge passes only when it passes both before and after; a failure before is final', async () => {
    const both = runner(probes({ name: 'edge', mode: 'Edge' }), { edge: [true, true] });
    await both.probeRunner.preChaos();
    expect(both.verdicts()).toEqual({ edge: 'Awaited' });
    await both.probeRunner.postChaos();
    expect(both.verdicts()).toEqual({ edge: 'Passed' });
    const after = runner(probes({ name: 'edge', mode: 'Edge' }), { edge: [true, false] });
    await after.probeRunner.preChaos();
    await after.probeRunner.postChaos();
    expect(after.verdicts()).toEqual({ edge: 'Failed' });
    const before = runner(probes({ name: 'edge', mode: 'Edge' }), { edge: [false, true] });
    await before.probeRunner.preChaos();
    await before.probeRunner.postChaos();
    expect(before.verdicts()).toEqual({ edge: 'Failed' });
    expect(before.probeRunner.report().statuses[0]?.status.description).toContain(
      'failed pre-chaos',
    );
  });

  it('Continuous runs from before the fault until post-chaos, every probePollingInterval', async () => {
    const test = runner(
      probes({ name: 'watch', mode: 'Continuous', run: { probePollingInterval: '5s' } }),
      {},
    );
    await test.probeRunner.preChaos();
    for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    await test.probeRunner.postChaos();
    const calls = test.calls['watch'] ?? [];
    expect(calls.length).toBeGreaterThan(2);
    expect(calls[1]! - calls[0]!).toBe(5000);
    expect(test.verdicts()).toEqual({ watch: 'Passed' });
    expect(test.probeRunner.report().statuses[0]?.status.description).toMatch(
      /^passed all \d+ evaluations from before until after the chaos$/,
    );
  });

  it('Continuous stops at its first failure', async () => {
    const test = runner(probes({ name: 'watch', mode: 'Continuous' }), {
      watch: [true, true, false, true],
    });
    await test.probeRunner.preChaos();
    for (let turn = 0; turn < 30; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    await test.probeRunner.postChaos();
    expect(test.calls['watch']).toHaveLength(3);
    expect(test.verdicts()).toEqual({ watch: 'Failed' });
  });

  it('OnChaos evaluates only inside the window, at least once, and ends with it', async () => {
    const test = runner(
      probes({
        name: 'during',
        mode: 'OnChaos',
        run: { probePollingInterval: '4s', initialDelay: '2s' },
      }),
      {},
    );
    const start = test.clock.now() + 10_000;
    const end = start + 20_000;
    test.probeRunner.startOnChaos({ startMs: start, endMs: end });
    for (let turn = 0; turn < 50; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(test.verdicts()).toEqual({ during: 'Passed' });
    const calls = test.calls['during'] ?? [];
    expect(calls[0]).toBe(start + 2000);
    expect(calls.every((time) => time >= start && time < end)).toBe(true);
    expect(calls).toHaveLength(5);
    await test.probeRunner.postChaos();
    expect(test.calls['during']).toHaveLength(5);
  });
});

describe('ProbeRunner stopping', () => {
  it('stopOnFailure: stopSignal fires with the probe, later probes are not evaluated', async () => {
    const test = runner(
      probes(
        { name: 'gate', mode: 'SOT', run: { stopOnFailure: true } },
        { name: 'next', mode: 'SOT' },
        { name: 'end', mode: 'EOT' },
      ),
      { gate: [false] },
    );
    await test.probeRunner.preChaos();
    expect(test.probeRunner.stopSignal.aborted).toBe(true);
    expect(test.probeRunner.stopSignal.reason).toEqual({ name: 'gate', description: 'ECONNRESET' });
    await test.probeRunner.postChaos();
    expect(test.verdicts()).toEqual({ gate: 'Failed', next: 'Awaited', end: 'Awaited' });
    expect(test.calls['next']).toBeUndefined();
    expect(test.probeRunner.report().stoppedBy).toEqual({
      name: 'gate',
      description: 'ECONNRESET',
    });
  });

  it('stopOnFailure in OnChaos fires during the window; the other loops end', async () => {
    const test = runner(
      probes(
        { name: 'during', mode: 'OnChaos', run: { stopOnFailure: true } },
        { name: 'watch', mode: 'Continuous' },
      ),
      { during: [true, false] },
    );
    await test.probeRunner.preChaos();
    test.probeRunner.startOnChaos({
      startMs: test.clock.now(),
      endMs: test.clock.now() + 3_600_000,
    });
    for (let turn = 0; turn < 30 && !test.probeRunner.stopSignal.aborted; turn += 1)
      await new Promise((resolve) => setImmediate(resolve));
    expect(test.probeRunner.stopSignal.aborted).toBe(true);
    await test.probeRunner.settle();
    expect(test.verdicts()).toEqual({ during: 'Failed', watch: 'Awaited' });
  });

  it('a run abort ends every loop at once; nothing is evaluated afterwards', async () => {
    const test = runner(
      probes({ name: 'watch', mode: 'Continuous' }, { name: 'end', mode: 'EOT' }),
      {},
    );
    await test.probeRunner.preChaos();
    test.abort.abort('SIGTERM');
    await test.probeRunner.settle();
    const count = test.calls['watch']?.length ?? 0;
    await test.probeRunner.postChaos();
    expect(test.calls['watch']?.length ?? 0).toBe(count);
    expect(test.calls['end']).toBeUndefined();
    expect(test.verdicts()).toEqual({ watch: 'Awaited', end: 'Awaited' });
  });
});
