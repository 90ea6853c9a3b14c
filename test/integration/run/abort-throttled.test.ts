// SIGTERM while AWS throttles (ADR 0151): the SDK calls in flight are dropped at once, the
// revert's calls give up at the revert's own deadline, and the run exits, final result
// written, within TERMINATION_GRACE_PERIOD_SECONDS. Real SDK, real CLI, the emulator.
import { afterEach, describe, expect, it } from '@jest/globals';
import { startAwsEmulator, type AwsEmulator } from '../../../sandbox/emulator/index.js';
import { sampleFixture } from '../../../sandbox/emulator/fixtures/sample.js';
import { SampleRun, experimentStatus } from './cli-world.js';

const GRACE_S = 10;
let aws: AwsEmulator | undefined;

afterEach(async () => {
  await aws?.stop();
  aws = undefined;
});

async function stoppedUnderThrottling(action: string, after: (message: string) => boolean) {
  aws = await startAwsEmulator(sampleFixture(), { throttle: { rate: 1, actions: [action] } });
  const run = await SampleRun.start(aws.endpoint, {
    TOTAL_CHAOS_DURATION: '30',
    TERMINATION_GRACE_PERIOD_SECONDS: String(GRACE_S),
  });
  await run.waitFor(action, (line) => after(line.message));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const killedAt = Date.now();
  run.kill('SIGTERM');
  const result = await run.finished();
  return { result, afterSignalMs: result.endedMs - killedAt };
}

describe('run: SIGTERM while AWS throttles every call of an action', () => {
  it('in preflight: the throttled call is dropped, Stopped is written, exit 143 at once', async () => {
    const { result, afterSignalMs } = await stoppedUnderThrottling('ecs:DescribeClusters', (m) =>
      m.startsWith('acting as '),
    );
    expect(result.code).toBe(143);
    expect(afterSignalMs).toBeLessThan(GRACE_S * 1000);
    expect(experimentStatus(result)).toMatchObject({ verdict: 'Stopped', phase: 'Stopped' });
    // Nothing was sent to a host: the result must not claim a revert (ADR 0157).
    expect(JSON.stringify(experimentStatus(result)['errorOutput'])).toContain(
      'SIGTERM received; nothing had been injected',
    );
    expect(aws?.requests.count('ssm:SendCommand')).toBe(0);
  }, 60_000);

  it('in inject: the revert gives up at its deadline, the result says so, all within the grace period', async () => {
    const { result, afterSignalMs } = await stoppedUnderThrottling('ssm:SendCommand', (m) =>
      m.includes(': injecting on '),
    );
    expect(result.code).toBe(3);
    expect(afterSignalMs).toBeLessThan(GRACE_S * 1000);
    const status = experimentStatus(result);
    expect(status).toMatchObject({ verdict: 'Error' });
    expect(status['errorOutput']).toMatchObject({ errorCode: 'CHAOS_REVERT_ERROR' });
    expect(JSON.stringify(status['errorOutput'])).toContain('abandoned');
  }, 60_000);
});
