import { describe, expect, it } from '@jest/globals';
import { ChaosError, asChaosError, isProbeFailure } from '../../../src/errors/index.js';

describe('ChaosError', () => {
  it('carries code, phase, target, reason and fix, and says them in its message', () => {
    const error = new ChaosError({
      code: 'CHAOS_INJECT_ERROR',
      phase: 'inject',
      target: 'i-0abc',
      reason: 'docker not found',
      fix: 'install Docker on the container instance',
    });
    expect(error.toJSON()).toEqual({
      code: 'CHAOS_INJECT_ERROR',
      phase: 'inject',
      target: 'i-0abc',
      reason: 'docker not found',
      fix: 'install Docker on the container instance',
    });
    expect(error.message).toBe(
      'CHAOS_INJECT_ERROR in phase inject [i-0abc]: docker not found. Fix: install Docker on the container instance',
    );
  });

  it('wraps a foreign error as INTERNAL_ERROR and keeps it as cause', () => {
    const cause = new TypeError('boom');
    const wrapped = asChaosError(cause, 'select');
    expect(wrapped.code).toBe('INTERNAL_ERROR');
    expect(wrapped.phase).toBe('select');
    expect(wrapped.cause).toBe(cause);
    expect(asChaosError(wrapped, 'revert')).toBe(wrapped);
  });

  it('tells probe failures from errors by code', () => {
    expect(isProbeFailure('HTTP_PROBE_FAILURE')).toBe(true);
    expect(isProbeFailure('HTTP_PROBE_ERROR')).toBe(false);
    expect(isProbeFailure('CHAOS_INJECT_ERROR')).toBe(false);
  });
});
