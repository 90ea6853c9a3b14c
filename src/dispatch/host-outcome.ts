import type { Invocation } from '../experiment/aws-api.js';
import type { Target } from '../experiment/types.js';
import { parseHostOutput, type HostReport, type TargetState } from '../host/payload-output.js';
import type { PayloadMode } from '../host/payload.js';
import { MAX_FAILED_ROUNDS, type Final } from './poll.js';

/** What one host did with one command: fine, or the step and reason it failed. */
export interface HostOutcome {
  readonly instanceId: string;
  readonly ok: boolean;
  /** The host script's step (`start-proxy`, `docker` …) or the SSM stage (`delivery`). */
  readonly step: string;
  readonly reason: string;
  /** Empty when the host never answered. */
  readonly report: HostReport | undefined;
}

const STDERR_SHOWN = 300;

/** Why SSM ended the invocation without the script's own verdict, by status and details. */
function ssmProblem(invocation: Invocation): { step: string; reason: string } | undefined {
  const { status, statusDetails: details, responseCode } = invocation;
  switch (status) {
    case 'Cancelled':
      return { step: 'ssm', reason: 'the command was cancelled' };
    case 'TimedOut':
      return details === 'DeliveryTimedOut'
        ? {
            step: 'delivery',
            reason:
              'SSM could not deliver the command before its delivery timeout (agent offline?)',
          }
        : {
            step: 'ssm',
            reason: `the host script ran past its executionTimeout and was killed (${details || 'TimedOut'})`,
          };
    case 'Failed':
      return failedProblem(details, responseCode);
    default:
      return undefined;
  }
}

function failedProblem(
  details: string,
  responseCode: number,
): { step: string; reason: string } | undefined {
  if (details === 'Undeliverable' || details === 'Terminated' || details === 'InvalidPlatform') {
    return {
      step: 'delivery',
      reason: `SSM reports ${details}: the instance cannot run this command`,
    };
  }
  if (responseCode === 2) {
    return { step: 'validate', reason: 'the host script rejected the payload (exit 2)' };
  }
  return undefined;
}

function unfinished(final: Extract<Final, { kind: 'unfinished' }>): string {
  const last =
    final.lastStatus === undefined
      ? 'SSM never showed the invocation'
      : `last status ${final.lastStatus}${final.lastDetails === '' ? '' : ` (${final.lastDetails})`}`;
  const error = final.lastError === undefined ? '' : `; SSM last answered: ${final.lastError}`;
  if (final.why === 'aborted') return `stopped waiting on abort; ${last}${error}`;
  if (final.why === 'ssm-error')
    return `SSM refused ${MAX_FAILED_ROUNDS} poll rounds in a row; ${last}${error}`;
  return `no final status within the wait budget; ${last}${error}`;
}

/** The first failure the host reported: host-level errors first, then per target. */
function firstReported(report: HostReport): { step: string; reason: string } | undefined {
  const [hostError] = report.hostErrors;
  if (hostError !== undefined) return hostError;
  for (const state of report.targets.values()) {
    const [error] = state.errors;
    if (error !== undefined) return { step: error.step, reason: `${state.task}: ${error.reason}` };
  }
  return undefined;
}

/** Success needs, per target of this host, what the mode promises (ADR 0002). */
function missingTarget(
  mode: PayloadMode,
  report: HostReport,
  targets: readonly Target[],
): Target | undefined {
  return targets.find((target) => {
    const state: TargetState | undefined = report.targets.get(target.taskArn);
    if (mode === 'inject') {
      return !(state?.ready.some((ready) => ready.container === target.containerName) ?? false);
    }
    if (mode === 'revert') return !(state?.reverted.some((entry) => entry.clean) ?? false);
    return state?.state === undefined;
  });
}

/** Reads one host's final invocation for a command of `mode` aimed at `targets`. */
export function hostOutcome(
  mode: PayloadMode,
  instanceId: string,
  final: Final,
  targets: readonly Target[],
): HostOutcome {
  if (final.kind === 'unfinished') {
    return { instanceId, ok: false, step: 'ssm', reason: unfinished(final), report: undefined };
  }
  const { invocation } = final;
  const report = parseHostOutput(invocation.stdout, { instanceId });
  const fail = (problem: { step: string; reason: string }): HostOutcome => ({
    instanceId,
    ok: false,
    ...problem,
    report,
  });
  const problem = firstReported(report) ?? ssmProblem(invocation);
  if (invocation.status !== 'Success' || invocation.responseCode !== 0) {
    return fail(problem ?? { step: 'ssm', reason: exitReason(invocation) });
  }
  if (problem !== undefined) return fail(problem);
  const missing = missingProblem(mode, report, targets, instanceId);
  if (missing !== undefined) return fail(missing);
  return { instanceId, ok: true, step: '', reason: '', report };
}

function missingProblem(
  mode: PayloadMode,
  report: HostReport,
  targets: readonly Target[],
  instanceId: string,
): { step: string; reason: string } | undefined {
  const own = targets.filter((target) => target.instanceId === instanceId);
  const missing = missingTarget(mode, report, own);
  if (missing === undefined) return undefined;
  const expected = mode === 'inject' ? 'ready' : mode === 'revert' ? 'clean reverted' : 'status';
  const cut = report.truncated ? ' (output cut at 24,000 characters)' : '';
  return {
    step: 'output',
    reason: `no ${expected} line for ${missing.taskArn} container ${missing.containerName}${cut}`,
  };
}

function exitReason(invocation: Invocation): string {
  const stderr = invocation.stderr.trim().slice(0, STDERR_SHOWN);
  return `${invocation.status} (${invocation.statusDetails}), exit ${invocation.responseCode}${stderr === '' ? '' : `: ${stderr}`}`;
}
