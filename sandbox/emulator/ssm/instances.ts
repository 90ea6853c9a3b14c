/**
 * DescribeInstanceInformation: the managed instances with their PingStatus, filtered by
 * `Filters` (Key/Values) or the legacy `InstanceInformationFilterList` (key/valueSet) —
 * never both, as SSM refuses — and paged (5..50 per page).
 */
import { epoch } from '../ecs/render.js';
import { AwsError } from '../errors.js';
import type { ManagedInstanceFixture } from '../fixture.js';
import type { JsonObject } from '../input.js';
import { BadToken, paginate } from '../pagination.js';
import type { CallContext } from '../service.js';
import { pingStatusOf } from '../state.js';

const PING = ['Online', 'ConnectionLost', 'Inactive'];
const DEFAULT_PAGE = 10;

type Field = (instance: ManagedInstanceFixture) => string;

const FIELDS: Readonly<Record<string, Field>> = {
  InstanceIds: (i) => i.instanceId,
  PingStatus: (i) => pingStatusOf(i),
  PlatformTypes: (i) => i.platformType ?? 'Linux',
  ResourceType: (i) => resourceType(i),
  AgentVersion: (i) => i.agentVersion ?? '3.3.0.0',
};

function resourceType(instance: ManagedInstanceFixture): string {
  return instance.instanceId.startsWith('mi-') ? 'ManagedInstance' : 'EC2Instance';
}

function readFilters(ctx: CallContext): [string, string[]][] {
  const modern = ctx.input.objects('Filters');
  const legacy = ctx.input.objects('InstanceInformationFilterList');
  if (modern !== undefined && legacy !== undefined) {
    throw new AwsError(
      'InvalidFilter',
      'Filters and InstanceInformationFilterList cannot be combined.',
    );
  }
  const pairs = (modern ?? []).map((f): [unknown, unknown] => [f['Key'], f['Values']]);
  const legacyPairs = (legacy ?? []).map((f: JsonObject): [unknown, unknown] => [
    f['key'],
    f['valueSet'],
  ]);
  return [...pairs, ...legacyPairs].map(([key, values]) => checkFilter(key, values));
}

function checkFilter(key: unknown, values: unknown): [string, string[]] {
  if (typeof key !== 'string' || FIELDS[key] === undefined) {
    throw new AwsError('InvalidFilterKey', `emulator: filter key ${String(key)} is not supported.`);
  }
  if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== 'string')) {
    throw new AwsError(
      'InvalidInstanceInformationFilterValue',
      `Invalid values for filter ${key}.`,
    );
  }
  const strings = values as string[];
  if (key === 'PingStatus' && strings.some((value) => !PING.includes(value))) {
    throw new AwsError(
      'InvalidInstanceInformationFilterValue',
      `PingStatus must be one of ${PING.join(', ')}.`,
    );
  }
  return [key, strings];
}

function render(instance: ManagedInstanceFixture, lastPing: number) {
  return {
    InstanceId: instance.instanceId,
    PingStatus: pingStatusOf(instance),
    LastPingDateTime: epoch(lastPing),
    AgentVersion: instance.agentVersion ?? '3.3.0.0',
    IsLatestVersion: false,
    PlatformType: instance.platformType ?? 'Linux',
    PlatformName: instance.platformName ?? 'Amazon Linux',
    PlatformVersion: '2023',
    ResourceType: resourceType(instance),
    IPAddress: instance.ipAddress ?? '10.0.0.10',
    ComputerName: instance.computerName ?? `ip-10-0-0-10.${instance.instanceId}.internal`,
    SourceId: instance.instanceId,
    SourceType:
      resourceType(instance) === 'EC2Instance' ? 'AWS::EC2::Instance' : 'AWS::SSM::ManagedInstance',
  };
}

export function describeInstanceInformation(ctx: CallContext) {
  const filters = readFilters(ctx);
  const size = ctx.input.integer('MaxResults', 5, 50) ?? DEFAULT_PAGE;
  const instances = ctx.region === ctx.state.region ? [...ctx.state.managedInstances.values()] : [];
  const kept = instances.filter((instance) =>
    filters.every(([key, values]) => values.includes(FIELDS[key]?.(instance) ?? '')),
  );
  try {
    const page = paginate(kept, size, ctx.input.string('NextToken'), JSON.stringify(filters));
    const now = Date.now();
    return {
      InstanceInformationList: page.items.map((instance) =>
        render(instance, pingStatusOf(instance) === 'Online' ? now : now - 3_600_000),
      ),
      NextToken: page.nextToken,
    };
  } catch (error) {
    if (error instanceof BadToken) throw new AwsError('InvalidNextToken', undefined);
    throw error;
  }
}
