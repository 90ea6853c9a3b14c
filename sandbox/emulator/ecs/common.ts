/** ECS's own validation and not-found answers, shared by its operations. */
import { AwsError } from '../errors.js';
import type { CallContext } from '../service.js';
import type { ClusterState } from '../state.js';

export const ecsInvalid = (message: string): AwsError =>
  new AwsError('InvalidParameterException', message);

export function clusterOf(ctx: CallContext): ClusterState {
  const name = ctx.input.string('cluster') ?? 'default';
  const cluster = ctx.region === ctx.state.region ? ctx.state.cluster(name) : undefined;
  if (cluster === undefined) throw new AwsError('ClusterNotFoundException', 'Cluster not found.');
  return cluster;
}

/** A required list of 1..max identifiers, e.g. DescribeTasks' `tasks` (up to 100). */
export function idList(ctx: CallContext, member: string, max: number): string[] {
  const ids = ctx.input.strings(member);
  if (ids === undefined || ids.length === 0) {
    throw ecsInvalid(`${member} cannot be empty.`);
  }
  if (ids.length > max) {
    throw ecsInvalid(`${member} can have at most ${max} items.`);
  }
  return ids;
}

export function pageSize(ctx: CallContext): number {
  const maxResults = ctx.input.integer(
    'maxResults',
    Number.MIN_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER,
  );
  if (maxResults !== undefined && (maxResults < 1 || maxResults > 100)) {
    throw ecsInvalid('maxResults must be between 1 and 100.');
  }
  return maxResults ?? 100;
}
