import { INSTANCE_ID } from '../config/patterns.js';
import { listSome, problemError, quote } from './problems.js';
import type {
  ContainerInstanceInfo,
  DescribeResult,
  InstanceInfo,
  ManagedInstanceInfo,
  TaskInfo,
} from './types.js';

const SSM_FIX =
  'every container instance must run the SSM agent with an instance profile that allows it ' +
  '(AmazonSSMManagedInstanceCore) and show PingStatus Online in DescribeInstanceInformation; ' +
  'Windows and Bottlerocket instances are not supported';

/**
 * Preflight of the hosts: each container instance of the given tasks maps to an EC2
 * instance that SSM manages, runs Linux and is Online. Every offender is named with its
 * tasks. The run passes the whole eligible population, so the outcome does not depend on
 * which tasks the random draw picks (ADR 0052).
 */
export function resolveInstances(
  tasks: readonly TaskInfo[],
  containerInstances: DescribeResult<ContainerInstanceInfo>,
  managed: readonly ManagedInstanceInfo[],
): ReadonlyMap<string, InstanceInfo> {
  const byArn = new Map(containerInstances.found.map((info) => [info.arn, info]));
  const bySsmId = new Map(managed.map((info) => [info.instanceId, info]));
  const resolved = new Map<string, InstanceInfo>();
  const problems: string[] = [];
  for (const [arn, taskArns] of tasksByInstance(tasks)) {
    const found = byArn.get(arn);
    const ec2Id = found?.ec2InstanceId;
    const outcome = checkInstance(arn, found, ec2Id === undefined ? undefined : bySsmId.get(ec2Id));
    if (typeof outcome === 'string') problems.push(`${outcome} (tasks: ${listSome(taskArns)})`);
    else resolved.set(arn, outcome);
  }
  if (problems.length > 0) {
    throw problemError({
      code: 'PREFLIGHT_ERROR',
      phase: 'preflight',
      summary: `${problems.length} container instance(s) cannot be reached through SSM`,
      items: problems,
      fix: SSM_FIX,
    });
  }
  return resolved;
}

function tasksByInstance(tasks: readonly TaskInfo[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const task of tasks) {
    const arn = task.containerInstanceArn;
    if (arn !== undefined) groups.set(arn, [...(groups.get(arn) ?? []), task.arn]);
  }
  return groups;
}

function checkInstance(
  arn: string,
  found: ContainerInstanceInfo | undefined,
  ssm: ManagedInstanceInfo | undefined,
): InstanceInfo | string {
  if (found === undefined)
    return `container instance ${arn}: not found by DescribeContainerInstances`;
  const id = found.ec2InstanceId;
  if (id === undefined) return `container instance ${arn}: ECS reports no EC2 instance ID`;
  if (!INSTANCE_ID.test(id))
    return `container instance ${arn}: malformed EC2 instance ID ${quote(id)}`;
  if (ssm === undefined)
    return `instance ${id}: not managed by SSM (not in DescribeInstanceInformation)`;
  const refused = ssmProblem(id, ssm);
  if (refused !== undefined) return refused;
  return { containerInstanceArn: arn, ec2InstanceId: id, ssmPingStatus: ssm.pingStatus };
}

/** What SSM says of a managed instance that rules it out, if anything. */
function ssmProblem(id: string, ssm: ManagedInstanceInfo): string | undefined {
  if (ssm.pingStatus !== 'Online')
    return `instance ${id}: SSM PingStatus is ${ssm.pingStatus}, not Online`;
  if (ssm.platformType !== undefined && ssm.platformType !== 'Linux') {
    return `instance ${id}: platform ${quote(ssm.platformType)} is not supported (Linux only)`;
  }
  // Since Bottlerocket 1.7 its SSM agent reports the platform as Bottlerocket (ADR 0156).
  if (/bottlerocket/i.test(ssm.platformName ?? '')) {
    return `instance ${id}: Bottlerocket (SSM PlatformName ${quote(ssm.platformName ?? '')}) runs Run Command in its control container, without Docker: not supported`;
  }
  return undefined;
}
