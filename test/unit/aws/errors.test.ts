import { describe, expect, it } from '@jest/globals';
import { codeOfPhase, isThrottling, wrapAwsError } from '../../../src/aws/errors.js';
import { Abandoned } from '../../../src/errors/abandoned.js';
import { ChaosError } from '../../../src/errors/chaos-error.js';

const sdkError = (name: string, message: string, attempts = 1) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400, attempts } });

describe('SDK errors become ChaosErrors at the boundary', () => {
  it('AccessDenied names the IAM action to grant, the target and the phase', () => {
    const error = wrapAwsError(sdkError('AccessDeniedException', 'User: x is not authorized'), {
      action: 'ssm:SendCommand',
      phase: 'inject',
      target: 'i-0123456789abcdef0',
    });
    expect(error).toBeInstanceOf(ChaosError);
    expect(error).toMatchObject({
      code: 'CHAOS_INJECT_ERROR',
      phase: 'inject',
      target: 'i-0123456789abcdef0',
    });
    expect(error.reason).toContain('missing IAM permission ssm:SendCommand');
    expect(error.fix).toContain('allow the IAM action ssm:SendCommand');
  });

  it('a call whose signal fired is Abandoned, with the reason the signal gave, whatever the SDK threw', () => {
    const controller = new AbortController();
    controller.abort('SIGTERM');
    const site = { action: 'ssm:SendCommand', phase: 'inject' } as const;
    for (const thrown of [sdkError('AbortError', 'Request aborted'), 'SIGTERM']) {
      const error = wrapAwsError(thrown, site, controller.signal);
      expect(error).toBeInstanceOf(Abandoned);
      expect(error.reason).toBe('ssm:SendCommand abandoned: SIGTERM');
    }
    // The same failure without a fired signal is the call's own failure.
    const own = wrapAwsError(
      sdkError('AbortError', 'Request aborted'),
      site,
      new AbortController().signal,
    );
    expect(own).not.toBeInstanceOf(Abandoned);
  });

  it('rejected credentials are CREDENTIALS_ERROR whatever the phase', () => {
    const error = wrapAwsError(sdkError('ExpiredTokenException', 'expired'), {
      action: 'ecs:ListTasks',
      phase: 'preflight',
    });
    expect(error.code).toBe('CREDENTIALS_ERROR');
  });

  it('throttling that outlasted the retries says how many attempts', () => {
    const throttled = sdkError('ThrottlingException', 'Rate exceeded', 8);
    expect(isThrottling(throttled)).toBe(true);
    const error = wrapAwsError(throttled, { action: 'ssm:GetCommandInvocation', phase: 'revert' });
    expect(error.code).toBe('CHAOS_REVERT_ERROR');
    expect(error.reason).toBe(
      'ssm:GetCommandInvocation failed after 8 attempts: ThrottlingException: Rate exceeded',
    );
  });

  it('network failures point at the endpoint', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    const error = wrapAwsError(refused, { action: 'ecs:DescribeClusters', phase: 'preflight' });
    expect(error.reason).toContain('ECONNREFUSED');
    expect(error.fix).toContain('AWS_ENDPOINT_URL');
  });

  it('keeps a ChaosError as it is', () => {
    const original = new ChaosError({ code: 'TIMEOUT', phase: 'chaos', reason: 'r', fix: 'f' });
    expect(wrapAwsError(original, { action: 'x:Y', phase: 'inject' })).toBe(original);
  });

  it('maps each phase to the code Litmus reads', () => {
    expect(codeOfPhase('credentials')).toBe('CREDENTIALS_ERROR');
    expect(codeOfPhase('preflight')).toBe('PREFLIGHT_ERROR');
    expect(codeOfPhase('inject')).toBe('CHAOS_INJECT_ERROR');
    expect(codeOfPhase('abort')).toBe('CHAOS_REVERT_ERROR');
  });
});
