/**
 * Value grammars as AWS, Linux, Kubernetes and the container registries define them.
 * Shared by the configuration (first check) and the host payload encoder (second check),
 * so both sides of docs/decisions/0002 agree on one definition.
 */

const whole = (source: string): RegExp => new RegExp(`^(?:${source})$`);

/** AWS partitions as ADR 0002 writes them (aws, aws-cn, aws-us-gov, aws-iso-b, …). */
export const PARTITION = 'aws[a-z-]*';
/** us-east-1, us-gov-west-1, cn-northwest-1, us-isob-east-1, eusc-de-east-1, … */
export const REGION_SOURCE =
  '[a-z]{2,4}(?:-[a-z]{2,4})?-(?:central|north|south|east|west|northeast|northwest|southeast|southwest)-[0-9]{1,2}';
export const ACCOUNT_SOURCE = '[0-9]{12}';
/** ECS cluster, service and container names: up to 255 letters, digits, `_` and `-`. */
export const ECS_NAME_SOURCE = '[A-Za-z0-9_-]{1,255}';
/** Task IDs: 32 hex digits (current format) or a UUID (tasks started before it). */
export const TASK_ID_SOURCE =
  '[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const ecsArn = (resource: string): string =>
  `arn:(${PARTITION}):ecs:(${REGION_SOURCE}):(${ACCOUNT_SOURCE}):${resource}`;

export const REGION = whole(REGION_SOURCE);
export const ECS_NAME = whole(ECS_NAME_SOURCE);
export const TASK_ID = whole(TASK_ID_SOURCE);
export const CLUSTER_ARN = whole(ecsArn(`cluster/(${ECS_NAME_SOURCE})`));
/** Both the current `service/<cluster>/<name>` and the older `service/<name>` formats. */
export const SERVICE_ARN = whole(ecsArn(`service/(?:(${ECS_NAME_SOURCE})/)?(${ECS_NAME_SOURCE})`));
/** The current task ARN format (the cluster is part of it), as ADR 0002 requires. */
export const TASK_ARN = whole(ecsArn(`task/(${ECS_NAME_SOURCE})/(${TASK_ID_SOURCE})`));

/**
 * IAM role ARNs. IAM allows any printable ASCII in a path; we accept only the characters
 * of role names in the path too, so a value can never carry shell or quote characters.
 */
export const ROLE_ARN = whole(
  `arn:${PARTITION}:iam::${ACCOUNT_SOURCE}:role/(?:[A-Za-z0-9+=,.@_-]+/)*[A-Za-z0-9+=,.@_-]{1,64}`,
);
export const ROLE_ARN_MAX = 2048;

/** EC2 instance IDs (8 or 17 hex digits) and SSM hybrid managed instances. */
export const INSTANCE_ID = /^(?:i-[0-9a-f]{8}|i-[0-9a-f]{17}|mi-[0-9a-f]{17})$/;
export const DOCKER_ID = /^[0-9a-f]{64}$/;
export const CHAOS_ID = /^[a-z0-9-]{1,64}$/;

/**
 * Linux interface names (net/core/dev.c dev_valid_name): at most IFNAMSIZ-1 = 15 bytes,
 * not "." or "..", no '/', ':' or whitespace. ADR 0002 narrows the alphabet further.
 */
export const INTERFACE = /^[A-Za-z0-9_.-]{1,15}$/;
export function isInterfaceName(value: string): boolean {
  return INTERFACE.test(value) && value !== '.' && value !== '..';
}

/** The distribution reference grammar (docker/distribution reference/regexp.go), ≤ 255. */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const TAG = '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
export const IMAGE_REFERENCE = whole(
  `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::${TAG})?(?:@${DIGEST})?`,
);
export const IMAGE_REFERENCE_MAX = 255;

/** Kubernetes object names (DNS-1123 subdomain, ≤ 253) and labels (DNS-1123 label, ≤ 63). */
export const DNS_SUBDOMAIN =
  /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
export const DNS_SUBDOMAIN_MAX = 253;
export const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/** A Kubernetes UID (a UUID in practice): also usable as a label value (≤ 63). */
export const KUBERNETES_UID = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * The secret named by AWS_AUTHENTICATION_SECRET: a Kubernetes secret name or a Harness
 * secret identifier (letters, digits, `_`, `$`, optionally scoped as `account.` / `org.`).
 */
export const SECRET_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.$-]{0,252}$/;

/** File paths: anything printable without control characters, ≤ PATH_MAX. */
export const PATH_MAX = 4096;
export function isPlainPath(value: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what we reject
  return value.length <= PATH_MAX && !/[\u0000-\u001f\u007f\u2028\u2029]/.test(value);
}
