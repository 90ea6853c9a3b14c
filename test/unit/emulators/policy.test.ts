import { describe, expect, it } from '@jest/globals';
import { policyAllows, type PolicyDocument } from '../../../sandbox/emulator/policy.js';

const policy: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['ecs:DescribeTasks', 'ssm:Get*', 'ec2messages:*'], Resource: '*' },
    { Effect: 'Allow', Action: 'ssm:SendCommand', Resource: '*' },
    { Effect: 'Deny', Action: 'ssm:GetParameter?', Resource: '*' },
  ],
};

describe('the emulator reads an identity policy as IAM reads its actions', () => {
  it.each([
    ['ecs:DescribeTasks', true],
    ['ECS:describetasks', true],
    ['ssm:SendCommand', true],
    ['ssm:GetCommandInvocation', true],
    ['ec2messages:GetMessages', true],
    ['ssm:ListCommandInvocations', false],
    ['ecs:DescribeTaskDefinition', false],
    ['ssm:GetParameters', false],
    ['sts:GetCallerIdentity', true],
    ['sts:AssumeRole', false],
  ])('%s allowed: %p', (action, allowed) => {
    expect(policyAllows(policy, action)).toBe(allowed);
  });
});
