// A bad tunable under Litmus (ADR 0153): the ChaosResult says Error/CONFIG_INVALID with the
// same one line per variable; nothing goes to AWS; without a valid identity, exit 2 only.
import { describe, expect, it } from '@jest/globals';
import { chaosResult, run, world } from './fakes/harness.js';

const LITMUS = { CHAOSENGINE: 'checkout-chaos', POD_NAME: 'exp-abc12' };
const BAD = { TOTAL_CHAOS_DURATION: '80; reboot', PROXY_PORT: '70000' };

describe('run: a configuration error under Litmus', () => {
  it('writes Error/CONFIG_INVALID with one line per variable, probes N/A, and sends nothing', async () => {
    const w = world();
    const code = await run(w, {
      env: { ...LITMUS, ...BAD },
      probes: [{ name: 'checkout-up', mode: 'Continuous' }],
    });
    expect(w.connects).toBe(0);
    expect(w.ssm.sent).toHaveLength(0);
    const status = chaosResult(w).status;
    expect(status.experimentStatus).toMatchObject({
      phase: 'Error',
      verdict: 'Error',
      probeSuccessPercentage: '0',
      errorOutput: { errorCode: 'CONFIG_INVALID' },
    });
    const reason = status.experimentStatus.errorOutput?.reason ?? '';
    for (const name of ['TOTAL_CHAOS_DURATION', 'PROXY_PORT']) {
      const lines = reason.split('\n').filter((line) => line.trimStart().startsWith(name));
      expect(lines).toHaveLength(1);
      // The same line as on stderr.
      expect(w.stderr.join('\n')).toContain(lines[0]!.trim());
    }
    expect(status.probeStatuses.map((probe) => probe.status.verdict)).toEqual(['N/A']);
    // The verdict is in the ChaosResult: under the runner that is exit 0 (ADR 0152).
    expect(code).toBe(0);
  });

  it('an invalid identity variable leaves nowhere to write: exit 2, nothing written', async () => {
    const w = world();
    const code = await run(w, { env: { ...LITMUS, ...BAD, CHAOS_NAMESPACE: 'Not_A_Namespace' } });
    expect(code).toBe(2);
    expect(w.results.objects.size).toBe(0);
    expect(w.stderr.join('\n')).toContain('CHAOS_NAMESPACE');
  });

  it('standalone (no CHAOSENGINE) stays as it was: stderr, exit 2, no result', async () => {
    const w = world();
    expect(await run(w, { env: BAD })).toBe(2);
    expect(w.results.objects.size).toBe(0);
  });

  it('an invalid setting of the result side falls back to its default and is still reported', async () => {
    const w = world();
    const code = await run(w, { env: { ...LITMUS, STATUS_CHECK_DELAY: 'soon' } });
    expect(code).toBe(0);
    const reason = chaosResult(w).status.experimentStatus.errorOutput?.reason ?? '';
    expect(reason).toContain('STATUS_CHECK_DELAY="soon"');
  });
});
