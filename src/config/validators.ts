import { EnvError, makeValidator } from 'envalid';
import {
  CLUSTER_ARN,
  DNS_SUBDOMAIN,
  DNS_SUBDOMAIN_MAX,
  ECS_NAME,
  IMAGE_REFERENCE,
  IMAGE_REFERENCE_MAX,
  ROLE_ARN,
  ROLE_ARN_MAX,
  SERVICE_ARN,
  TASK_ARN,
  TASK_ID,
  isInterfaceName,
} from './patterns.js';

/**
 * envalid validators whose error message is the rule itself, worded for the one line
 * each invalid variable gets (see load-config.ts).
 */

const INTEGER = /^(?:0|[1-9][0-9]{0,9})$/;

export const integer = (min: number, max: number) =>
  makeValidator<number>((input) => {
    const value = INTEGER.test(input) ? Number(input) : Number.NaN;
    if (!(value >= min && value <= max)) {
      throw new EnvError(`must be a whole number from ${min} to ${max} (digits only)`);
    }
    return value;
  });

/** The spellings Go's strconv.ParseBool accepts, as Litmus's Go runners read these. */
const TRUE = ['1', 't', 'T', 'true', 'TRUE', 'True'];
const FALSE = ['0', 'f', 'F', 'false', 'FALSE', 'False'];
export const boolean = makeValidator<boolean>((input) => {
  if (TRUE.includes(input)) return true;
  if (FALSE.includes(input)) return false;
  throw new EnvError('must be true or false');
});

export const oneOf = <T extends string>(choices: readonly T[]) =>
  makeValidator<T>((input) => {
    const found = choices.find((choice) => choice === input);
    if (found === undefined) throw new EnvError(`must be one of ${choices.join(', ')}`);
    return found;
  });

export const matching = (accepts: (input: string) => boolean, rule: string) =>
  makeValidator<string>((input) => {
    if (!accepts(input)) throw new EnvError(rule);
    return input;
  });

export interface ClusterRef {
  /** What the ECS API is called with: the name or the ARN as given. */
  readonly ref: string;
  readonly name: string;
  readonly arnRegion: string | undefined;
}
export const clusterRef = makeValidator<ClusterRef>((input) => {
  if (ECS_NAME.test(input)) return { ref: input, name: input, arnRegion: undefined };
  const arn = CLUSTER_ARN.exec(input);
  if (arn?.[4] === undefined) {
    throw new EnvError(
      'must be an ECS cluster name (1-255 letters, digits, _ or -) or a cluster ARN',
    );
  }
  return { ref: input, name: arn[4], arnRegion: arn[2] };
});

export interface ServiceRef {
  readonly name: string;
  readonly arnRegion: string | undefined;
  readonly arnCluster: string | undefined;
}
export const serviceRef = makeValidator<ServiceRef>((input) => {
  if (ECS_NAME.test(input)) return { name: input, arnRegion: undefined, arnCluster: undefined };
  const arn = SERVICE_ARN.exec(input);
  if (arn?.[5] === undefined) {
    throw new EnvError(
      'must be an ECS service name (1-255 letters, digits, _ or -) or a service ARN',
    );
  }
  return { name: arn[5], arnRegion: arn[2], arnCluster: arn[4] };
});

export interface TaskRef {
  readonly id: string;
  readonly arnRegion: string | undefined;
  readonly arnCluster: string | undefined;
}
export const TASK_LIST_MAX = 100;
export const taskRefs = makeValidator<readonly TaskRef[]>((input) => {
  const rule = `must be a task ID (32 hex digits) or task ARN, or a comma list of up to ${TASK_LIST_MAX} of them`;
  const items = input.split(',').map((item) => item.trim());
  if (items.length > TASK_LIST_MAX) throw new EnvError(rule);
  const refs = items.map((item) => parseTaskRef(item, rule));
  const unique = new Map(refs.map((ref) => [ref.id, ref]));
  return [...unique.values()];
});

function parseTaskRef(item: string, rule: string): TaskRef {
  if (TASK_ID.test(item)) return { id: item, arnRegion: undefined, arnCluster: undefined };
  const arn = TASK_ARN.exec(item);
  if (arn?.[5] === undefined) throw new EnvError(rule);
  return { id: arn[5], arnRegion: arn[2], arnCluster: arn[4] };
}

export const roleArn = matching(
  (input) => input.length <= ROLE_ARN_MAX && ROLE_ARN.test(input),
  'must be an IAM role ARN, arn:<partition>:iam::<12-digit account>:role/[<path>/]<name>',
);

export const networkInterface = matching(
  (input) => input === 'auto' || isInterfaceName(input),
  'must be auto or a Linux interface name (1-15 of A-Z a-z 0-9 _ . -)',
);

export const imageReference = matching(
  (input) => input.length <= IMAGE_REFERENCE_MAX && IMAGE_REFERENCE.test(input),
  'must be a container image reference [registry[:port]/]path[:tag][@digest], at most 255 characters',
);

export const kubernetesName = matching(
  (input) => input.length <= DNS_SUBDOMAIN_MAX && DNS_SUBDOMAIN.test(input),
  'must be a Kubernetes object name (lower-case letters, digits, - and ., at most 253)',
);
