import type { PollVia } from '../dispatch/poll.js';
import { ChaosError } from '../errors/chaos-error.js';
import type { SsmApi } from '../experiment/aws-api.js';
import type { Logger } from '../log/logger.js';

const LEAST_PRIVILEGE = 'experiments/ecs-container-http-reset-peer/iam-policy-least-privilege.json';

/**
 * Phase `preflight` (ADR 0154): what the identity may call among the SSM reads the run
 * needs, tried by harmless reads before anything is sent. GetCommandInvocation is needed
 * (every host's answer comes through it): without it the run stops here, naming the policy
 * line to add. ListCommandInvocations is only faster: without it (the fault's published
 * policy) each host is followed with GetCommandInvocation, and the log says so once.
 */
export async function pollingAllowed(
  ssm: SsmApi,
  instanceId: string | undefined,
  log: Logger,
): Promise<PollVia> {
  if (instanceId === undefined) return 'list';
  if (!(await ssm.mayCall('ssm:GetCommandInvocation', instanceId))) {
    throw new ChaosError({
      code: 'PREFLIGHT_ERROR',
      phase: 'preflight',
      target: 'ssm:GetCommandInvocation',
      reason:
        'AWS denies ssm:GetCommandInvocation to this identity; every host answers through it, so nothing was sent',
      fix: `add "ssm:GetCommandInvocation" to the Action list of an Allow statement of the identity's policy (Resource "*"); ${LEAST_PRIVILEGE} lists every action the run calls`,
    });
  }
  if (await ssm.mayCall('ssm:ListCommandInvocations', instanceId)) return 'list';
  log.info(
    `ssm:ListCommandInvocations is not allowed (the fault's published IAM policy lacks it): following each host with ssm:GetCommandInvocation, one call per host per poll round; add "ssm:ListCommandInvocations" to the policy for one call per 50 hosts (${LEAST_PRIVILEGE})`,
  );
  return 'get';
}
