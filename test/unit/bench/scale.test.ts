import { describe, expect, it } from '@jest/globals';
import { attribute, commandBytes, withCommandModes } from '../../../bench/scale/attribute.js';
import { momentsOf, phaseMarks, secondsBetween } from '../../../bench/scale/moments.js';

const line = (at: number, phase: string, message: string) => ({
  phase,
  message,
  timestamp: new Date(at).toISOString(),
});

const LOG = [
  line(1_000, 'credentials', 'acting as arn:aws:iam::123456789012:user/x (account 1)'),
  line(1_400, 'preflight', '8 RUNNING EC2 task(s) on 2 SSM-managed Online instance(s)'),
  line(1_450, 'select', 'selected 8 of 8 task(s), 8 target(s), parallel: 1 step(s)'),
  line(1_500, 'inject', 'step 1 of 1: injecting on 8 target(s) until 1970-01-01T00:00:41.500Z'),
  line(5_200, 'chaos', 'step 1 of 1: every proxy is ready; holding the window'),
  line(45_300, 'revert', 'reverted 8 target(s)'),
  line(45_400, 'result', 'finished: Pass; exit 0'),
];

describe('moments of a run, from its log', () => {
  it('finds each moment by phase and message, and the deadline of the step', () => {
    const moments = momentsOf(LOG);
    expect(moments).toEqual({
      credentialsAt: 1_000,
      preflightAt: 1_400,
      selectAt: 1_450,
      injectAt: 1_500,
      deadlineAt: 41_500,
      readyAt: 5_200,
      revertedAt: 45_300,
      finished: 'finished: Pass; exit 0',
    });
    expect(secondsBetween(moments.injectAt, moments.readyAt)).toBe(3.7);
    expect(secondsBetween(moments.deadlineAt, moments.revertedAt)).toBe(3.8);
    expect(secondsBetween(moments.injectAt, undefined)).toBeNull();
  });

  it('does not take a message of another phase', () => {
    expect(momentsOf([line(9, 'revert', 'every proxy is ready; holding the window')])).toEqual({});
  });
});

describe('costs of a run, from the request log', () => {
  const send = (at: number, mode: string, commands: string[]) => ({
    at,
    action: 'ssm:SendCommand',
    input: { Comment: `ecs-http-chaos ${mode} exp-1`, Parameters: { commands } },
    errorCode: undefined,
  });
  const poll = (at: number, action: string, commandId: string, errorCode?: string) => ({
    at,
    action,
    input: { CommandId: commandId },
    errorCode,
  });

  it('counts command calls in the phase of the command mode, the rest by log time', () => {
    const records = withCommandModes(
      [
        { at: 900, action: 'sts:GetCallerIdentity', input: {}, errorCode: undefined },
        { at: 1_200, action: 'ecs:ListTasks', input: {}, errorCode: undefined },
        { at: 1_300, action: 'ecs:DescribeTasks', input: {}, errorCode: 'ThrottlingException' },
        send(1_600, 'inject', ["P='QUJD'", 'script']),
        send(1_700, 'inject', ["P='QUJDRA=='", 'script']),
        poll(2_000, 'ssm:ListCommandInvocations', 'c-1', 'ThrottlingException'),
        poll(2_100, 'ssm:GetCommandInvocation', 'c-1'),
        poll(20_000, 'ssm:ListCommandInvocations', 'c-3'),
        send(41_600, 'revert', ["P='QUJD'", 'script']),
        poll(44_000, 'ssm:ListCommandInvocations', 'c-2'),
      ],
      [
        { commandId: 'c-1', comment: 'ecs-http-chaos inject exp-1' },
        { commandId: 'c-2', comment: 'ecs-http-chaos revert exp-1' },
        { commandId: 'c-3', comment: 'ecs-http-chaos status exp-1' },
      ],
    );
    const costs = attribute(records, phaseMarks(LOG));
    expect(costs.calls).toEqual({
      credentials: { GetCallerIdentity: 1 },
      preflight: { ListTasks: 1, DescribeTasks: 1 },
      inject: { SendCommand: 2, ListCommandInvocations: 1, GetCommandInvocation: 1 },
      chaos: { ListCommandInvocations: 1 },
      revert: { SendCommand: 1, ListCommandInvocations: 1 },
    });
    expect(costs.throttles).toEqual({
      preflight: { DescribeTasks: 1 },
      inject: { ListCommandInvocations: 1 },
    });
    expect(costs.sends['inject']).toEqual({
      count: 2,
      maxBytes: commandBytes({ Parameters: { commands: ["P='QUJDRA=='", 'script'] } }),
      totalBytes:
        commandBytes({ Parameters: { commands: ["P='QUJD'", 'script'] } }) +
        commandBytes({ Parameters: { commands: ["P='QUJDRA=='", 'script'] } }),
    });
  });
});
