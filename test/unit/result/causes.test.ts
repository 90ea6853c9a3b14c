import { describe, expect, it } from '@jest/globals';
import { ChaosError } from '../../../src/errors/chaos-error.js';
import { decideOutcome } from '../../../src/result/outcome.js';
import { withFirstCause } from '../../../src/result/causes.js';

const revert = new ChaosError({
  code: 'CHAOS_REVERT_ERROR',
  phase: 'revert',
  target: 'i-1',
  reason: 'the revert is not proven on 1 host command(s)',
  fix: 'run the manual-recovery command',
});
const inject = new ChaosError({
  code: 'CHAOS_INJECT_ERROR',
  phase: 'inject',
  reason: 'the fault could not be injected on 1 of 2 host(s)',
  fix: '-',
});
const probes = { statuses: [] };

describe('the first cause beside the revert, and no revert claimed without an inject (ADR 0157)', () => {
  it('keeps the inject failure beside the revert failure', () => {
    const outcome = decideOutcome({
      injected: false,
      probes,
      error: inject,
      revertError: withFirstCause(revert, { error: inject }),
    });
    expect(outcome.experimentStatus.errorOutput?.errorCode).toBe('CHAOS_REVERT_ERROR');
    expect(outcome.experimentStatus.errorOutput?.reason).toContain(
      'the run was ending because: CHAOS_INJECT_ERROR: the fault could not be injected',
    );
  });

  it('keeps the signal beside the revert failure', () => {
    expect(withFirstCause(revert, { abortedBy: 'SIGTERM' }).reason).toContain(
      'the run was ending because: SIGTERM received',
    );
    expect(withFirstCause(revert, {})).toBe(revert);
  });

  it.each([
    [false, 'SIGTERM received; nothing had been injected'],
    [true, 'SIGTERM received; the fault was reverted'],
  ])('an abort with an inject sent: %p', (sentInject, reason) => {
    const outcome = decideOutcome({ injected: false, probes, abortedBy: 'SIGTERM', sentInject });
    expect(outcome.experimentStatus.errorOutput?.reason).toBe(reason);
  });
});
