// AWS answers that real endpoints give (ADR 0157), through the real CLI and SDK against the
// emulator: a refused SendCommand, an HTML page from a gateway, stray tasks from ListTasks,
// and what the ChaosResult then says. The hosts have no Docker: nothing is faulted here.
import { afterEach, describe, expect, it } from '@jest/globals';
import { startAwsEmulator, type AwsEmulator } from '../../../sandbox/emulator/index.js';
import type { KnobSettings } from '../../../sandbox/emulator/knobs.js';
import { sampleFixture, taskIdOf } from '../../../sandbox/emulator/fixtures/sample.js';
import { SampleRun, experimentStatus, type RunResult } from './cli-world.js';

let aws: AwsEmulator | undefined;

afterEach(async () => {
  await aws?.stop();
  aws = undefined;
});

const NO_DOCKER = { DOCKER_HOST: 'unix:///nonexistent/ehc-docker.sock' };

async function runWith(knobs: KnobSettings | ((aws: AwsEmulator) => KnobSettings)) {
  aws = await startAwsEmulator(sampleFixture({ hostEnv: () => NO_DOCKER }));
  aws.knobs.set(typeof knobs === 'function' ? knobs(aws) : knobs);
  const run = await SampleRun.start(aws.endpoint, {
    TOTAL_CHAOS_DURATION: '10',
    RESET_TIMEOUT: '0',
  });
  return run.finished();
}

const errorOf = (result: RunResult): Record<string, string> =>
  (experimentStatus(result)['errorOutput'] ?? {}) as Record<string, string>;

describe('run meets the answers of real AWS endpoints', () => {
  it('AccessDenied on SendCommand: refused, nothing sent, no revert owed, no manual recovery', async () => {
    const result = await runWith({ deny: [{ action: 'ssm:SendCommand' }] });
    expect(aws?.requests.count('ssm:SendCommand')).toBe(1);
    expect(result.code).toBe(3);
    const error = errorOf(result);
    expect(error['errorCode']).toBe('CHAOS_INJECT_ERROR');
    expect(error['reason']).toContain(
      'step send-command: refused, nothing sent: AWS denied ssm:SendCommand',
    );
    expect(error['reason']).not.toMatch(/revert not proven|manual-recovery/);
    expect(result.lines.some((line) => line.message.startsWith('revert not proven'))).toBe(false);
    // Nothing reached the tasks: none is recorded as injected or reverted.
    const status = result.result?.['status'] as { history: { targets: { chaosStatus: string }[] } };
    expect(status.history.targets.map((target) => target.chaosStatus)).not.toContain('injected');
    expect(status.history.targets.map((target) => target.chaosStatus)).not.toContain('reverted');
  }, 60_000);

  it('an HTML 500 from a gateway: the error names the action and the HTTP status, not a SyntaxError', async () => {
    const result = await runWith({
      gatewayHtml: [{ action: 'ecs:DescribeClusters', status: 500 }],
    });
    const error = errorOf(result);
    expect(error['errorCode']).toBe('PREFLIGHT_ERROR');
    expect(error['reason']).toMatch(
      /ecs:DescribeClusters got HTTP 500 \(text\/html\) with a body that is not AWS's JSON \(last of 8 attempts\)/,
    );
    expect(error['reason']).not.toContain('SyntaxError');
    expect(aws?.requests.count('ssm:SendCommand')).toBe(0);
  }, 90_000);

  it('an inject and its revert both failing: the result keeps the first cause beside the revert', async () => {
    const result = await runWith({});
    const error = errorOf(result);
    expect(error['errorCode']).toBe('CHAOS_REVERT_ERROR');
    expect(error['reason']).toContain('the run was ending because: CHAOS_INJECT_ERROR');
  }, 90_000);

  it('ListTasks returning a task of another service: left out, named, never targeted', async () => {
    const stray = (emulator: AwsEmulator) =>
      emulator.state.arns.task('ehc-cluster', taskIdOf('api', 0));
    const result = await runWith((emulator) => ({ strayTaskArns: [stray(emulator)] }));
    const notice = result.lines.find((line) => line.message.startsWith('left out 1 task(s)'));
    expect(notice?.message).toContain(`${stray(aws!)} (group "service:api"`);
    const selected = result.lines.find((line) => line.message.startsWith('selected '));
    expect(selected?.message).toMatch(/^selected 4 of 4 task\(s\)/);
    expect(JSON.stringify(selected)).not.toContain(taskIdOf('api', 0));
  }, 90_000);
});
