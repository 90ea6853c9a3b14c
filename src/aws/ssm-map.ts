import type { CommandInvocation } from '@aws-sdk/client-ssm';
import type { InvocationStatus, InvocationSummary } from '../experiment/aws-api.js';
import type { PingStatus } from '../experiment/types.js';

/** SSM's answers in the domain's terms (what ssm.ts reads off the SDK's shapes). */
const STATUSES: readonly InvocationStatus[] = [
  'Pending',
  'InProgress',
  'Delayed',
  'Success',
  'Cancelled',
  'TimedOut',
  'Failed',
  'Cancelling',
];

/** A status this SDK does not know yet is read as Failed: never as a success. */
export function statusOf(value: string | undefined): InvocationStatus {
  return STATUSES.find((status) => status === value) ?? 'Failed';
}

export function summaryOf(row: CommandInvocation): InvocationSummary {
  const plugin = row.CommandPlugins?.[0];
  return {
    instanceId: row.InstanceId ?? '',
    status: statusOf(row.Status),
    statusDetails: row.StatusDetails ?? '',
    ...(row.CommandId === undefined ? {} : { commandId: row.CommandId }),
    ...(plugin?.Output === undefined ? {} : { output: plugin.Output }),
    ...(plugin?.ResponseCode === undefined ? {} : { responseCode: plugin.ResponseCode }),
  };
}

export function pingOf(value: string | undefined): PingStatus {
  return value === 'Online' || value === 'Inactive' ? value : 'ConnectionLost';
}
