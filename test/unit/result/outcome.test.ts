import { describe, expect, it } from '@jest/globals';
import { ChaosError } from '../../../src/errors/index.js';
import { decideOutcome, type OutcomeInput } from '../../../src/result/outcome.js';
import type { ProbeStatus, ProbeVerdict } from '../../../src/result/types.js';

const probe = (
  name: string,
  verdict: ProbeVerdict,
  type: ProbeStatus['type'] = 'httpProbe',
): ProbeStatus => ({
  name,
  type,
  mode: 'OnChaos',
  status: { verdict, description: verdict === 'Failed' ? `${name} got ECONNRESET` : 'ok' },
});

const input = (over: Partial<OutcomeInput> = {}): OutcomeInput => ({
  injected: true,
  probes: { statuses: [probe('a', 'Passed'), probe('b', 'Passed')] },
  ...over,
});

const error = (code: ChaosError['code'], phase: ChaosError['phase'] = 'inject'): ChaosError =>
  new ChaosError({
    code,
    phase,
    target: 'i-0123456789abcdef0',
    reason: 'instance offline',
    fix: 'bring it online',
  });

describe('decideOutcome', () => {
  it('Pass: every probe passed, injected, healthy → Completed/Pass, "100", passedRuns, exit 0', () => {
    const outcome = decideOutcome(
      input({
        health: { before: { healthy: true, problems: [] }, after: { healthy: true, problems: [] } },
      }),
    );
    expect(outcome.experimentStatus).toEqual({
      phase: 'Completed',
      verdict: 'Pass',
      probeSuccessPercentage: '100',
    });
    expect(outcome.countAs).toBe('passedRuns');
    expect(outcome.exitCode).toBe(0);
    expect(outcome.probeStatuses.map((status) => status.status.verdict)).toEqual([
      'Passed',
      'Passed',
    ]);
  });

  it('Pass without probes is "100" too (Pass forces it)', () => {
    const outcome = decideOutcome(input({ probes: { statuses: [] } }));
    expect(outcome.experimentStatus.probeSuccessPercentage).toBe('100');
    expect(outcome.experimentStatus.verdict).toBe('Pass');
  });

  it('a failed probe → Completed_With_Probe_Failure/Fail, passed×100/probes with integer division, failedRuns, exit 1', () => {
    const outcome = decideOutcome(
      input({
        probes: {
          statuses: [probe('a', 'Passed'), probe('b', 'Failed'), probe('c', 'Awaited', 'cmdProbe')],
        },
      }),
    );
    expect(outcome.experimentStatus).toMatchObject({
      phase: 'Completed_With_Probe_Failure',
      verdict: 'Fail',
      probeSuccessPercentage: '33',
      errorOutput: { errorCode: 'HTTP_PROBE_FAILURE', reason: 'b: b got ECONNRESET' },
    });
    expect(outcome.countAs).toBe('failedRuns');
    expect(outcome.exitCode).toBe(1);
    // A probe never evaluated ends N/A, never Awaited.
    expect(outcome.probeStatuses[2]?.status).toEqual({
      verdict: 'N/A',
      description: 'Either probe is not executed or not evaluated',
    });
  });

  it('an experiment error → Error/Error, "0" even when probes passed, no history counter, exit 3', () => {
    const outcome = decideOutcome(input({ error: error('CHAOS_INJECT_ERROR'), injected: false }));
    expect(outcome.experimentStatus.phase).toBe('Error');
    expect(outcome.experimentStatus.verdict).toBe('Error');
    expect(outcome.experimentStatus.probeSuccessPercentage).toBe('0');
    expect(outcome.experimentStatus.errorOutput?.errorCode).toBe('CHAOS_INJECT_ERROR');
    expect(outcome.experimentStatus.errorOutput?.reason).toContain('i-0123456789abcdef0');
    expect(outcome.countAs).toBeUndefined();
    expect(outcome.exitCode).toBe(3);
  });

  it('a *_PROBE_FAILURE error is a Fail, not an Error', () => {
    const outcome = decideOutcome(input({ error: error('HTTP_PROBE_FAILURE', 'chaos') }));
    expect(outcome.experimentStatus.verdict).toBe('Fail');
    expect(outcome.exitCode).toBe(1);
  });

  it('invalid configuration (probes) → Error with exit 2', () => {
    const outcome = decideOutcome(
      input({
        error: error('CONFIG_INVALID', 'result-init'),
        injected: false,
        probes: { statuses: [] },
      }),
    );
    expect(outcome.experimentStatus.verdict).toBe('Error');
    expect(outcome.exitCode).toBe(2);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s → Stopped/Stopped, stoppedRuns, EXPERIMENT_ABORTED, exit %i', (signal, code) => {
    const outcome = decideOutcome(
      input({
        abortedBy: signal,
        probes: { statuses: [probe('a', 'Passed'), probe('b', 'Awaited')] },
      }),
    );
    expect(outcome.experimentStatus).toMatchObject({
      phase: 'Stopped',
      verdict: 'Stopped',
      probeSuccessPercentage: '50',
      errorOutput: { errorCode: 'EXPERIMENT_ABORTED' },
    });
    expect(outcome.countAs).toBe('stoppedRuns');
    expect(outcome.exitCode).toBe(code);
    expect(outcome.abortedBy).toBe(signal);
    expect(outcome.probeStatuses[1]?.status.verdict).toBe('N/A');
  });

  it('stopOnFailure → Stopped/Stopped, stoppedRuns, exit 1, the probe named', () => {
    const outcome = decideOutcome(
      input({
        probes: {
          statuses: [probe('a', 'Failed'), probe('b', 'Awaited')],
          stoppedBy: { name: 'a', description: 'ECONNRESET' },
        },
      }),
    );
    expect(outcome.experimentStatus).toMatchObject({
      phase: 'Stopped',
      verdict: 'Stopped',
      probeSuccessPercentage: '0',
    });
    expect(outcome.experimentStatus.errorOutput).toEqual({
      errorCode: 'HTTP_PROBE_FAILURE',
      reason: 'probe a failed with stopOnFailure: ECONNRESET',
    });
    expect(outcome.countAs).toBe('stoppedRuns');
    expect(outcome.exitCode).toBe(1);
  });

  it('a failed revert outranks an abort: Error, CHAOS_REVERT_ERROR, exit 3, Abort still reported', () => {
    const outcome = decideOutcome(
      input({ abortedBy: 'SIGTERM', revertError: error('CHAOS_REVERT_ERROR', 'revert') }),
    );
    expect(outcome.experimentStatus.verdict).toBe('Error');
    expect(outcome.experimentStatus.errorOutput?.errorCode).toBe('CHAOS_REVERT_ERROR');
    expect(outcome.exitCode).toBe(3);
    expect(outcome.abortedBy).toBe('SIGTERM');
  });

  it('not steady before the fault → Error STATUS_CHECKS_ERROR; not steady after → Fail', () => {
    const before = decideOutcome(
      input({
        health: {
          before: { healthy: false, problems: ['service checkout runs 1 of 2 desired tasks'] },
        },
      }),
    );
    expect(before.experimentStatus.verdict).toBe('Error');
    expect(before.experimentStatus.errorOutput?.reason).toContain('runs 1 of 2');
    const after = decideOutcome(
      input({
        health: {
          before: { healthy: true, problems: [] },
          after: { healthy: false, problems: ['task t1 is STOPPED, not RUNNING'] },
        },
      }),
    );
    expect(after.experimentStatus).toMatchObject({
      phase: 'Completed',
      verdict: 'Fail',
      probeSuccessPercentage: '100',
    });
    expect(after.experimentStatus.errorOutput?.errorCode).toBe('STATUS_CHECKS_ERROR');
    expect(after.countAs).toBe('failedRuns');
  });

  it('never a Pass when the fault was not injected or a probe was never evaluated', () => {
    expect(decideOutcome(input({ injected: false })).experimentStatus.verdict).toBe('Error');
    const awaited = decideOutcome(
      input({ probes: { statuses: [probe('a', 'Passed'), probe('late', 'Awaited')] } }),
    );
    expect(awaited.experimentStatus.verdict).toBe('Error');
    expect(awaited.experimentStatus.errorOutput?.reason).toBe('probe late was never evaluated');
  });

  it('a fault that did not hold is never a Pass: Error, outranking probe and health findings (ADR 0140)', () => {
    const notHeld = error('FAULT_STOPPED_EARLY', 'chaos');
    const alone = decideOutcome(input({ faultNotHeld: notHeld }));
    expect(alone.experimentStatus).toEqual({
      phase: 'Error',
      verdict: 'Error',
      probeSuccessPercentage: '0',
      errorOutput: { errorCode: 'FAULT_STOPPED_EARLY', reason: notHeld.message },
    });
    expect([alone.countAs, alone.exitCode]).toEqual([undefined, 3]);
    // What a probe or the health check saw was not the configured fault.
    const failedProbe = decideOutcome(
      input({
        faultNotHeld: error('FAULT_HOLD_UNKNOWN', 'chaos'),
        probes: { statuses: [probe('a', 'Failed')] },
        health: { after: { healthy: false, problems: ['task t1 is STOPPED'] } },
      }),
    );
    expect(failedProbe.experimentStatus.verdict).toBe('Error');
    expect(failedProbe.experimentStatus.errorOutput?.errorCode).toBe('FAULT_HOLD_UNKNOWN');
    expect(failedProbe.probeStatuses[0]?.status.verdict).toBe('Failed');
    const stopped = decideOutcome(
      input({
        faultNotHeld: notHeld,
        probes: { statuses: [probe('a', 'Failed')], stoppedBy: { name: 'a', description: 'x' } },
      }),
    );
    expect(stopped.experimentStatus.verdict).toBe('Error');
    // An abort and a revert not proven clean still rank above it.
    expect(
      decideOutcome(input({ faultNotHeld: notHeld, abortedBy: 'SIGTERM' })).experimentStatus
        .verdict,
    ).toBe('Stopped');
    const revert = decideOutcome(
      input({ faultNotHeld: notHeld, revertError: error('CHAOS_REVERT_ERROR', 'revert') }),
    );
    expect(revert.experimentStatus.errorOutput?.errorCode).toBe('CHAOS_REVERT_ERROR');
  });
});
