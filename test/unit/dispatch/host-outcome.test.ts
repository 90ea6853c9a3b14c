import { describe, expect, it } from '@jest/globals';
import { hostOutcome } from '../../../src/dispatch/host-outcome.js';
import type { Final } from '../../../src/dispatch/poll.js';
import type { Invocation } from '../../../src/experiment/aws-api.js';
import { ec2Id, target, taskArn } from '../experiment/fixtures.js';

const HEX = 'ab'.repeat(32);
const I1 = ec2Id(1);
const targets = [target(1, 1), target(2, 1, 'sidecar'), target(3, 2)];

function ended(over: Partial<Invocation>, lines: object[] = []): Final {
  const stdout = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
  return {
    kind: 'ended',
    invocation: {
      status: 'Success',
      statusDetails: 'Success',
      responseCode: 0,
      stdout,
      stderr: '',
      ...over,
    },
  };
}

const ready = (n: number, container = 'app') => ({
  event: 'ready',
  instance: I1,
  task: taskArn(n),
  container,
  namespace: HEX,
  proxy: HEX,
  deadline: 1,
});

describe('hostOutcome: what one host did with one command', () => {
  it('an inject succeeds only with a ready line for every target of this host', () => {
    const all = [
      ready(1),
      ready(2, 'sidecar'),
      { event: 'summary', instance: I1, mode: 'inject', ok: true },
    ];
    expect(hostOutcome('inject', I1, ended({}, all), targets)).toMatchObject({ ok: true });
    const partial = hostOutcome('inject', I1, ended({}, all.slice(0, 1)), targets);
    expect(partial).toMatchObject({ ok: false, step: 'output' });
    expect(partial.reason).toContain(`no ready line for ${taskArn(2)} container sidecar`);
  });

  it('names the host script step and reason from its error line', () => {
    const lines = [
      {
        event: 'error',
        instance: I1,
        task: taskArn(1),
        step: 'start-proxy',
        reason: 'port 20000 is taken',
      },
      { event: 'summary', instance: I1, mode: 'inject', ok: false },
    ];
    const outcome = hostOutcome(
      'inject',
      I1,
      ended({ status: 'Failed', statusDetails: 'Failed', responseCode: 1 }, lines),
      targets,
    );
    expect(outcome).toMatchObject({ ok: false, step: 'start-proxy' });
    expect(outcome.reason).toBe(`${taskArn(1)}: port 20000 is taken`);
  });

  it('puts a host-level error (docker missing) before target errors', () => {
    const lines = [
      { event: 'error', instance: I1, task: '', step: 'docker', reason: 'docker not found' },
      { event: 'error', instance: I1, task: taskArn(1), step: 'start-proxy', reason: 'x' },
    ];
    const outcome = hostOutcome(
      'inject',
      I1,
      ended({ status: 'Failed', responseCode: 1 }, lines),
      targets,
    );
    expect(outcome).toMatchObject({ step: 'docker', reason: 'docker not found' });
  });

  it('ignores lines another instance wrote', () => {
    const lines = [{ ...ready(1), instance: ec2Id(2) }, ready(2, 'sidecar')];
    expect(hostOutcome('inject', I1, ended({}, lines), targets).ok).toBe(false);
  });

  it.each([
    ['TimedOut', 'DeliveryTimedOut', -1, 'delivery', 'could not deliver'],
    ['TimedOut', 'ExecutionTimedOut', 137, 'ssm', 'ran past its executionTimeout'],
    ['Cancelled', 'Cancelled', -1, 'ssm', 'cancelled'],
    ['Failed', 'Undeliverable', -1, 'delivery', 'Undeliverable'],
    ['Failed', 'Terminated', -1, 'delivery', 'Terminated'],
    ['Failed', 'Failed', 2, 'validate', 'rejected the payload'],
    ['Failed', 'Failed', 1, 'ssm', 'Failed (Failed), exit 1: boom'],
  ] as const)('reads %s/%s (exit %i) as step %s', (...[status, details, code, step, words]) => {
    const outcome = hostOutcome(
      'inject',
      I1,
      ended({ status, statusDetails: details, responseCode: code, stderr: 'boom' }),
      targets,
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.step).toBe(step);
    expect(outcome.reason).toContain(words);
  });

  it('a Success with a non-zero exit is still a failure', () => {
    expect(
      hostOutcome(
        'inject',
        I1,
        ended({ responseCode: 1 }, [ready(1), ready(2, 'sidecar')]),
        targets,
      ).ok,
    ).toBe(false);
  });

  it('an invocation that never ended says what was last seen', () => {
    const final: Final = {
      kind: 'unfinished',
      lastStatus: 'Delayed',
      lastDetails: 'Delayed',
      why: 'deadline',
    };
    const outcome = hostOutcome('inject', I1, final, targets);
    expect(outcome).toMatchObject({ ok: false, step: 'ssm', report: undefined });
    expect(outcome.reason).toBe(
      'no final status within the wait budget; last status Delayed (Delayed)',
    );
  });

  it('a revert must prove every task of the host clean', () => {
    const reverted = (n: number, clean: boolean) => ({
      event: 'reverted',
      instance: I1,
      task: taskArn(n),
      proxy: { connections: 3, resets: 2 },
      clean,
    });
    expect(
      hostOutcome('revert', I1, ended({}, [reverted(1, true), reverted(2, true)]), targets).ok,
    ).toBe(true);
    const dirty = hostOutcome(
      'revert',
      I1,
      ended({}, [reverted(1, true), reverted(2, false)]),
      targets,
    );
    expect(dirty).toMatchObject({ ok: false, step: 'output' });
    expect(dirty.reason).toContain(`no clean reverted line for ${taskArn(2)}`);
  });

  it('says when SSM cut the output at 24,000 characters', () => {
    const long = `${'x'.repeat(24_100)}\n`;
    const final: Final = {
      kind: 'ended',
      invocation: {
        status: 'Success',
        statusDetails: 'Success',
        responseCode: 0,
        stdout: long.slice(0, 24_000),
        stderr: '',
      },
    };
    expect(hostOutcome('inject', I1, final, targets).reason).toContain(
      'output cut at 24,000 characters',
    );
  });
});
