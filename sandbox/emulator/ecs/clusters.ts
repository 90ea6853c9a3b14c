/** DescribeClusters, DescribeServices, ListContainerInstances, DescribeContainerInstances. */
import { BadToken, paginate } from '../pagination.js';
import type { CallContext } from '../service.js';
import { clusterOf, ecsInvalid, idList, pageSize } from './common.js';
import { renderCluster, renderContainerInstance, renderService } from './render.js';

const MISSING = 'MISSING';

export function describeClusters(ctx: CallContext) {
  const names = ctx.input.strings('clusters') ?? ['default'];
  if (names.length > 100) throw ecsInvalid('clusters can have at most 100 items.');
  const { state } = ctx;
  const clusters = [];
  const failures = [];
  for (const name of names) {
    const cluster = ctx.region === state.region ? state.cluster(name) : undefined;
    if (cluster === undefined) {
      failures.push({
        arn: name.startsWith('arn:') ? name : state.arns.cluster(name),
        reason: MISSING,
      });
    } else {
      clusters.push(renderCluster(cluster, state));
    }
  }
  return { clusters, failures };
}

export function describeServices(ctx: CallContext) {
  const cluster = clusterOf(ctx);
  const { state } = ctx;
  const services = [];
  const failures = [];
  for (const nameOrArn of idList(ctx, 'services', 10)) {
    const name = state.arns.idIn('service', cluster.name, nameOrArn);
    const service = cluster.services?.find((candidate) => candidate.name === name);
    if (service === undefined) {
      const arn = nameOrArn.startsWith('arn:')
        ? nameOrArn
        : state.arns.service(cluster.name, nameOrArn);
      failures.push({ arn, reason: MISSING });
    } else {
      services.push(renderService(cluster, service, state));
    }
  }
  return { services, failures };
}

const INSTANCE_STATUSES = [
  'ACTIVE',
  'DRAINING',
  'REGISTERING',
  'DEREGISTERING',
  'REGISTRATION_FAILED',
];

export function listContainerInstances(ctx: CallContext) {
  const cluster = clusterOf(ctx);
  if (ctx.input.string('filter')) {
    throw ecsInvalid('emulator: cluster query language filters are not supported.');
  }
  const status = ctx.input.string('status');
  if (status !== undefined && !INSTANCE_STATUSES.includes(status)) {
    throw ecsInvalid(`status must be one of ${INSTANCE_STATUSES.join(', ')}.`);
  }
  const arns = (cluster.containerInstances ?? [])
    .filter((instance) => {
      const current = instance.status ?? 'ACTIVE';
      return status === undefined ? current !== 'INACTIVE' : current === status;
    })
    .map((instance) => ctx.state.arns.containerInstance(cluster.name, instance.id));
  const token = ctx.input.string('nextToken');
  try {
    const page = paginate(arns, pageSize(ctx), token, `ci|${cluster.name}|${status ?? ''}`);
    return { containerInstanceArns: page.items, nextToken: page.nextToken };
  } catch (error) {
    if (error instanceof BadToken) throw ecsInvalid(error.message);
    throw error;
  }
}

export function describeContainerInstances(ctx: CallContext) {
  const cluster = clusterOf(ctx);
  const { state } = ctx;
  const containerInstances = [];
  const failures = [];
  for (const idOrArn of idList(ctx, 'containerInstances', 100)) {
    const id = state.arns.idIn('container-instance', cluster.name, idOrArn);
    const instance = cluster.containerInstances?.find((candidate) => candidate.id === id);
    if (instance === undefined) {
      const arn = idOrArn.startsWith('arn:')
        ? idOrArn
        : state.arns.containerInstance(cluster.name, idOrArn);
      failures.push({ arn, reason: MISSING });
    } else {
      containerInstances.push(renderContainerInstance(cluster, instance, state));
    }
  }
  return { containerInstances, failures };
}
