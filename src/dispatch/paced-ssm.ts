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
    // One call per 50 ids, each taking its own slot (the adapter would page them at once).
    describeInstances: async (ids) => {
      const found = [];
      for (let i = 0; i < Math.max(1, ids.length); i += IDS_PER_CALL) {
        await pace.take('ssm:DescribeInstanceInformation');
        found.push(...(await ssm.describeInstances(ids.slice(i, i + IDS_PER_CALL))));
      }
      return found;
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
