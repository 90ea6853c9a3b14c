// What preflight finds the identity may call (ADR 0154), on the virtual clock.
import { describe, expect, it } from '@jest/globals';
import { chaosResult, run, world } from './fakes/harness.js';

describe('run: the SSM reads preflight tries', () => {
  it('without ssm:ListCommandInvocations (the published policy): each host followed by GetCommandInvocation, said once', async () => {
    const w = world();
    w.ssm.denied.add('ssm:ListCommandInvocations');
    expect(await run(w)).toBe(0);
    expect(w.ssm.listCalls).toBe(0);
    expect(w.ssm.timeline().map((line) => line.split(' ')[0])).toEqual(['inject', 'revert']);
    const said = w.lines.filter((line) =>
      line.message.startsWith('ssm:ListCommandInvocations is not allowed'),
    );
    expect(said.map((line) => line.phase)).toEqual(['preflight']);
  });

  it('with it, invocations are listed (one call per 50 hosts)', async () => {
    const w = world();
    expect(await run(w)).toBe(0);
    expect(w.ssm.listCalls).toBeGreaterThan(0);
  });

  it('without ssm:GetCommandInvocation: PREFLIGHT_ERROR naming the action and the policy line, nothing sent', async () => {
    const w = world();
    w.ssm.denied.add('ssm:GetCommandInvocation');
    expect(await run(w)).toBe(3);
    expect(w.ssm.sent).toHaveLength(0);
    const error = chaosResult(w).status.experimentStatus.errorOutput;
    expect(error?.errorCode).toBe('PREFLIGHT_ERROR');
    expect(error?.reason).toContain('AWS denies ssm:GetCommandInvocation');
    expect(error?.reason).toContain('add "ssm:GetCommandInvocation" to the Action list');
  });
});
