/** The SSM operations the emulator answers (AWS JSON 1.1, target prefix AmazonSSM). */
import { validationError } from '../errors.js';
import type { ServiceDefinition } from '../service.js';
import { describeInstanceInformation } from './instances.js';
import { cancelCommand, getCommandInvocation } from './invocations.js';
import { listCommandInvocations } from './list-invocations.js';
import { sendCommand } from './send-command.js';

export const SSM_TARGET_PREFIX = 'AmazonSSM';

export const ssmService: ServiceDefinition = {
  name: 'ssm',
  operations: {
    SendCommand: sendCommand,
    GetCommandInvocation: getCommandInvocation,
    ListCommandInvocations: listCommandInvocations,
    CancelCommand: cancelCommand,
    DescribeInstanceInformation: describeInstanceInformation,
  },
  invalid: (member, value, rule) => validationError('json', member, JSON.stringify(value), rule),
  resourceOf: (operation, ctx) => {
    const { region, account } = ctx.state;
    if (operation === 'SendCommand') {
      const first = ctx.input.strings('InstanceIds')?.[0];
      return first === undefined
        ? `arn:aws:ssm:${region}::document/AWS-RunShellScript`
        : `arn:aws:ec2:${region}:${account}:instance/${first}`;
    }
    return '*';
  },
};
