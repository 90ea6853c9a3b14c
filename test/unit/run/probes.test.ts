import { describe, expect, it } from '@jest/globals';
import { ec2Id, task } from '../experiment/fixtures.js';
import { chaosResult, run, world } from './fakes/harness.js';

const START = Date.UTC(2026, 10, 25, 12, 0, 0);

/** The last type and message of each event reason the run wrote. */
function phaseEvents(w: ReturnType<typeof world>): Record<string, unknown[]> {
  return Object.fromEntries(
    [...w.events.objects.values()].map((event) => [
      String(event['reason']),
      [event['type'], event['message']],
    ]),
  );
}

describe('run: probes and the outcome', () => {
  it('evaluates OnChaos probes inside the window and SOT/EOT around it', async () => {
    const w = world();
    const code = await run(w, {
      probes: [
        { name: 'before', mode: 'SOT' },
        { name: 'during', mode: 'OnChaos' },
        { name: 'after', mode: 'EOT' },
      ],
    });
    expect(code).toBe(0);
    const [inject, revert] = w.ssm.sent;
    expect(Math.max(...w.probeCalls['before']!)).toBeLessThanOrEqual(inject!.atMs);
    for (const at of w.probeCalls['during']!) {
      expect(at).toBeGreaterThanOrEqual(inject!.atMs);
      expect(at).toBeLessThanOrEqual(revert!.atMs);
    }
    expect(Math.min(...w.probeCalls['after']!)).toBeGreaterThanOrEqual(revert!.atMs);
    const verdicts = chaosResult(w).status.probeStatuses.map((probe) => probe.status.verdict);
    expect(verdicts).toEqual(['Passed', 'Passed', 'Passed']);
    // The phase events in litmus-go's words, written after the checks they report.
    expect(phaseEvents(w)).toEqual({
      Awaited: ['Normal', 'experiment: ecs-container-http-reset-peer, Result: Awaited'],
      ChaosInject: [
        'Normal',
        'Injecting ecs-container-http-reset-peer chaos on 3 target(s) (step 1 of 1)',
      ],
      PreChaosCheck: ['Normal', 'AUT: Running, Probes: Successful'],
      PostChaosCheck: ['Normal', 'AUT: Running, Probes: Successful'],
      Summary: [
        'Normal',
        expect.stringMatching(/^ecs-container-http-reset-peer experiment has been Passed/),
      ],
      Pass: ['Normal', 'experiment: ecs-container-http-reset-peer, Result: Pass'],
    });
  });

  it('a probe failing during the window is a Fail (exit 1), and the fault is still reverted', async () => {
    const w = world();
    w.probeAnswers['during'] = [false];
    expect(await run(w, { probes: [{ name: 'during', mode: 'OnChaos' }] })).toBe(1);
    expect(w.ssm.sent.map((one) => one.payload.header.mode)).toEqual(['inject', 'revert']);
    expect(chaosResult(w).status.experimentStatus).toMatchObject({
      phase: 'Completed_With_Probe_Failure',
      verdict: 'Fail',
    });
    expect(phaseEvents(w)).toMatchObject({
      PreChaosCheck: ['Normal', 'AUT: Running, Probes: Successful'],
      PostChaosCheck: ['Warning', 'AUT: Running, Probes: Unsuccessful'],
      Fail: ['Warning', 'experiment: ecs-container-http-reset-peer, Result: Fail'],
    });
  });

  it('stopOnFailure ends the window early, reverts, and the verdict is Stopped', async () => {
    const w = world();
    w.probeAnswers['guard'] = [true, true, false];
    const code = await run(w, {
      probes: [{ name: 'guard', mode: 'Continuous', stopOnFailure: true }],
    });
    expect(code).toBe(1);
    const revert = w.ssm.sent.find((one) => one.payload.header.mode === 'revert');
    expect(revert).toBeDefined();
    expect(revert!.atMs).toBeLessThan(START + 30_000);
    expect(chaosResult(w).status.experimentStatus.verdict).toBe('Stopped');
    expect(chaosResult(w).status.history.targets.map((target) => target.chaosStatus)).toEqual([
      'reverted',
      'reverted',
      'reverted',
    ]);
  });

  it('a failed inject is an Error in the ChaosResult, naming the host', async () => {
    const w = world();
    w.ssm.behaviours.set(ec2Id(1), { inject: { fail: 'docker', reason: 'docker not found' } });
    expect(await run(w)).toBe(3);
    const status = chaosResult(w).status.experimentStatus;
    expect(status.verdict).toBe('Error');
    expect(status.errorOutput?.errorCode).toBe('CHAOS_INJECT_ERROR');
    expect(status.errorOutput?.reason).toContain(`${ec2Id(1)}: step docker: `);
  });

  it('SIGTERM is Stopped in the ChaosResult, exit 143', async () => {
    const w = world();
    w.clock.at(START + 5_000, () => {
      w.abort.abort('SIGTERM');
    });
    expect(await run(w)).toBe(143);
    expect(chaosResult(w).status.experimentStatus).toMatchObject({
      verdict: 'Stopped',
      errorOutput: { errorCode: 'EXPERIMENT_ABORTED' },
    });
  });
});

describe('run: DEFAULT_HEALTH_CHECK', () => {
  it('does not inject into a service that is not steady, and says so (Error)', async () => {
    const w = world([task(1, { instance: 1 }), task(2, { instance: 2, lastStatus: 'PENDING' })]);
    const code = await run(w, {
      env: { DEFAULT_HEALTH_CHECK: 'true', STATUS_CHECK_TIMEOUT: '4', STATUS_CHECK_DELAY: '2' },
      probes: [{ name: 'before', mode: 'SOT' }],
    });
    expect(code).toBe(3);
    expect(w.ssm.sent).toHaveLength(0);
    expect(chaosResult(w).status.experimentStatus.errorOutput?.errorCode).toBe(
      'STATUS_CHECKS_ERROR',
    );
    expect(phaseEvents(w)).toMatchObject({
      PreChaosCheck: ['Warning', 'AUT: Not Running'],
      Summary: ['Warning', 'experiment: ecs-container-http-reset-peer, Result: Error'],
    });
  });

  it('checks again after the revert and passes a steady service', async () => {
    const w = world();
    expect(await run(w, { env: { DEFAULT_HEALTH_CHECK: 'true' } })).toBe(0);
    expect(w.ecs.calls.filter((call) => call === 'DescribeServices').length).toBeGreaterThanOrEqual(
      3,
    );
  });
});
