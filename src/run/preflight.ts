import type { TargetConfig } from '../config/run-config.js';
import { ChaosError } from '../errors/chaos-error.js';
import { resolveInstances } from '../experiment/instances.js';
import {
  explicitPopulation,
  servicePopulation,
  type Population,
} from '../experiment/population.js';
import type { EcsApi, SsmApi } from '../experiment/aws-api.js';
import type { InstanceInfo } from '../experiment/types.js';
import type { PollVia } from '../dispatch/poll.js';
import type { Logger } from '../log/logger.js';
import { pollingAllowed } from './permissions.js';

export interface World {
  readonly population: Population;
  /** Keyed by container instance ARN. */
  readonly instances: ReadonlyMap<string, InstanceInfo>;
  /** How invocations are followed: what the identity may call (ADR 0154). */
  readonly via: PollVia;
}

function preflightError(target: string, reason: string, fix: string): ChaosError {
  return new ChaosError({ code: 'PREFLIGHT_ERROR', phase: 'preflight', target, reason, fix });
}

async function requireCluster(ecs: EcsApi, target: TargetConfig): Promise<string> {
  const cluster = await ecs.describeCluster(target.clusterRef);
  if (cluster === undefined) {
    throw preflightError(
      target.clusterRef,
      `cluster ${target.clusterRef} does not exist in region ${target.region}`,
      'check CLUSTER_NAME and REGION',
    );
  }
  if (cluster.status !== 'ACTIVE') {
    throw preflightError(
      target.clusterRef,
      `cluster ${target.clusterRef} is ${cluster.status}, not ACTIVE`,
      'target an ACTIVE cluster',
    );
  }
  return cluster.arn;
}

async function servicePopulationOf(
  ecs: EcsApi,
  target: TargetConfig,
  serviceName: string,
  clusterArn: string,
): Promise<Population> {
  const service = await ecs.describeService(target.clusterRef, serviceName);
  if (service === undefined || service.status === 'INACTIVE') {
    throw preflightError(
      serviceName,
      `service ${serviceName} ${service === undefined ? 'does not exist' : 'is INACTIVE'} in cluster ${target.clusterRef}`,
      'check SERVICE_NAME and CLUSTER_NAME',
    );
  }
  const arns = await ecs.listServiceTasks(target.clusterRef, serviceName);
  const described = await ecs.describeTasks(target.clusterRef, arns);
  return servicePopulation(serviceName, described.found, clusterArn);
}

/**
 * Phase `preflight`: the cluster exists; the service (or the named tasks) has RUNNING
 * tasks on EC2 (Fargate refused by name); every container instance of the eligible
 * population maps to an EC2 instance that SSM manages and sees Online.
 */
export async function discover(
  ports: { readonly ecs: EcsApi; readonly ssm: SsmApi },
  target: TargetConfig,
  logger: Logger,
): Promise<World> {
  const { ecs, ssm } = ports;
  const clusterArn = await requireCluster(ecs, target);
  const { selection } = target;
  const population =
    selection.kind === 'service'
      ? await servicePopulationOf(ecs, target, selection.serviceName, clusterArn)
      : explicitPopulation(
          selection.taskIds,
          selection.guardService,
          await ecs.describeTasks(target.clusterRef, selection.taskIds),
        );
  for (const notice of population.notices) logger.warn(notice);
  const arns = [...new Set(population.eligible.flatMap((task) => task.containerInstanceArn ?? []))];
  const containerInstances = await ecs.describeContainerInstances(target.clusterRef, arns);
  const ec2Ids = containerInstances.found.flatMap((info) => info.ec2InstanceId ?? []);
  const managed = await ssm.describeInstances([...new Set(ec2Ids)]);
  const instances = resolveInstances(population.eligible, containerInstances, managed);
  logger.info(
    `${population.eligible.length} RUNNING EC2 task(s) on ${instances.size} SSM-managed Online instance(s)`,
    { instances: [...instances.values()].map((instance) => instance.ec2InstanceId) },
  );
  const [first] = instances.values();
  const via = await pollingAllowed(ssm, first?.ec2InstanceId, logger);
  return { population, instances, via };
}
