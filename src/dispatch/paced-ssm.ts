import { wrapAwsError } from '../aws/errors.js';
import type { Phase } from '../errors/codes.js';
import type { SsmApi } from '../experiment/aws-api.js';
import type { CallPace } from './pace.js';

/** DescribeInstanceInformation takes at most 50 instance ids a call (src/aws/ssm.ts). */
const IDS_PER_CALL = 50;

/** What a call reads when it starts (src/run/deps.ts AwsCallScope). */
export interface PaceScope {
  readonly phaseOf: () => Phase;
  readonly signalOf: () => AbortSignal;
}

/**
 * The same SsmApi, each call first taking its slot from the run's pace (ADR 0192): one
 * pace for the whole run, so inject, revert and the window's status rounds share it. The
 * wait for a slot is bound to the signal the call itself would be (ADR 0151): a halt drops
 * queued calls at once, as the SDK drops one in flight, with the same Abandoned error.
 */
export function pacedSsm(ssm: SsmApi, pace: CallPace, scope: PaceScope): SsmApi {
  const slot = async (action: string): Promise<void> => {
    const signal = scope.signalOf();
    try {
      await pace.take(action, signal);
    } catch (error) {
      throw wrapAwsError(error, { action, phase: scope.phaseOf() }, signal);
    }
  };
  const paced =
    <A extends unknown[], R>(action: string, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await slot(action);
      return call(...args);
    };
  const recent = ssm.listRecentInvocations?.bind(ssm);
  return {
    // One call per 50 ids, each taking its own slot (the adapter would page them at once).
    describeInstances: async (ids) => {
      const found = [];
      for (let i = 0; i < Math.max(1, ids.length); i += IDS_PER_CALL) {
        await slot('ssm:DescribeInstanceInformation');
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
    mayCall: async (action, instanceId) => {
      await slot(action);
      return ssm.mayCall(action, instanceId);
    },
  };
}
