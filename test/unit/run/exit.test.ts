// The exit code under the Litmus chaos runner (ADR 0152): every non-zero exit makes the
// runner's Job start a new pod that injects again, so once the verdict is in the
// ChaosResult the run exits 0; standalone runs keep the outcome's codes.
import { describe, expect, it } from '@jest/globals';
import type { ChaosResultObject } from '../../../src/result/types.js';
import { ec2Id } from '../experiment/fixtures.js';
import { chaosResult, run, world, type World } from './fakes/harness.js';

const START = Date.UTC(2026, 10, 25, 12, 0, 0);
const RUNNER = { CHAOSENGINE: 'checkout-chaos' };

/** A probe that fails in the window: verdict Fail. */
async function failing(env: Record<string, string>): Promise<{ w: World; code: number }> {
  const w = world();
  w.probeAnswers['during'] = [false];
  const code = await run(w, { env, probes: [{ name: 'during', mode: 'OnChaos' }] });
  return { w, code };
}

describe('run: the exit code under the chaos runner', () => {
  it('a Fail exits 0 once the verdict is written; standalone it stays 1', async () => {
    const underRunner = await failing(RUNNER);
    expect(underRunner.code).toBe(0);
    expect(chaosResult(underRunner.w).status.experimentStatus.verdict).toBe('Fail');
    expect(underRunner.w.lines.at(-1)?.message).toContain(
      'exit 0 (the verdict is in the ChaosResult',
    );
    expect((await failing({})).code).toBe(1);
  });

  it('an Error (an inject that failed) exits 0 under the runner, 3 standalone', async () => {
    for (const [env, expected] of [
      [RUNNER, 0],
      [{}, 3],
    ] as const) {
      const w = world();
      w.ssm.behaviours.set(ec2Id(2), { inject: { fail: 'docker', reason: 'daemon down' } });
      expect(await run(w, { env })).toBe(expected);
      expect(chaosResult(w).status.experimentStatus.verdict).toBe('Error');
    }
  });

  it('SIGTERM exits 0 under the runner with Stopped written (a re-run after an abort injects again)', async () => {
    const w = world();
    w.clock.at(START + 10_000, () => {
      w.abort.abort('SIGTERM');
    });
    expect(await run(w, { env: RUNNER })).toBe(0);
    expect(chaosResult(w).status.experimentStatus.verdict).toBe('Stopped');
  });

  it('a final write that fails is never 0: nobody could read the verdict', async () => {
    for (const env of [RUNNER, {}]) {
      const w = world();
      const replace = w.results.replace.bind(w.results);
      w.results.replace = async (object: ChaosResultObject) => {
        if (object.status.experimentStatus.verdict !== 'Awaited') throw new Error('API down');
        return replace(object);
      };
      expect(await run(w, { env })).toBe(3);
    }
  });
});
