import type { SsmPort } from '../experiment/ports.js';
import type { CallPace } from './pace.js';

/** DescribeInstanceInformation takes at most 50 instance ids a call (src/aws/ssm.ts). */
const IDS_PER_CALL = 50;

/**
 * The same SsmPort, each call first taking its slot from the run's pace (ADR 0192): one
 * pace for the whole run, so inject, revert and the window's status rounds share it.
 */
export function pacedSsm(ssm: SsmPort, pace: CallPace): SsmPort {
  const paced =
    <A extends unknown[], R>(action: string, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await pace.take(action);
      return call(...args);
    };
  const recent = ssm.listRecentInvocations?.bind(ssm);
  return {
    describeInstances: async (ids) => {
      for (let i = 0; i < Math.max(1, Math.ceil(ids.length / IDS_PER_CALL)); i += 1) {
        await pace.take('ssm:DescribeInstanceInformation');
      }
      return ssm.describeInstances(ids);
    },
    sendCommand: paced('ssm:SendCommand', ssm.sendCommand.bind(ssm)),
    listInvocations: paced('ssm:ListCommandInvocations', ssm.listInvocations.bind(ssm)),
    ...(recent === undefined
      ? {}
      : { listRecentInvocations: paced('ssm:ListCommandInvocations', recent) }),
    getInvocation: paced('ssm:GetCommandInvocation', ssm.getInvocation.bind(ssm)),
    cancelCommand: paced('ssm:CancelCommand', ssm.cancelCommand.bind(ssm)),
  };
}
