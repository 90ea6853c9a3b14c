import { describe, type Fields } from './fields.js';
import type { ProbeSource } from './types.js';

type Json = Readonly<Record<string, unknown>>;

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
const IMAGE = /^[^\s]{1,500}$/;
/** Litmus's keep-alive process of the pod it execs into: meaningless for a pod per try. */
const KEEP_ALIVE = ['command', 'args'] as const;

/**
 * `cmdProbe/inputs.source` (ADR 0160): absent or "inline" runs the command in the
 * experiment pod; an image name (the Litmus 2.x docs' form) or the 3.x mapping runs it in a
 * pod of that image. core/v1 parts (env, volumes, tolerations …) are checked for shape only
 * and passed on: the API server validates them when the pod is created.
 */
export function sourceOf(inputs: Fields): ProbeSource | undefined {
  const value = inputs.value['source'];
  if (value === undefined || value === null || value === 'inline') return undefined;
  if (typeof value === 'string') {
    if (IMAGE.test(value)) return withDefaults(value);
    badImage(inputs, 'source', value);
    return undefined;
  }
  const source = inputs.child('source');
  return source === undefined ? undefined : fromMapping(source);
}

/** The 3.x mapping: every field read, so every problem is listed at once. */
function fromMapping(source: Fields): ProbeSource | undefined {
  const image = source.text('image', true);
  const valid = image !== undefined && IMAGE.test(image);
  if (image !== undefined && !valid) badImage(source, 'image', image);
  const parsed: ProbeSource = {
    ...withDefaults(image ?? ''),
    imagePullPolicy: source.has('imagePullPolicy')
      ? source.oneOf('imagePullPolicy', PULL_POLICIES)
      : undefined,
    hostNetwork: source.flag('hostNetwork'),
    privileged: source.flag('privileged'),
    inheritInputs: source.flag('inheritInputs'),
    env: objects(source, 'env'),
    volumes: objects(source, 'volumes'),
    volumeMounts: objects(source, 'volumeMount'),
    tolerations: objects(source, 'tolerations'),
    imagePullSecrets: objects(source, 'imagePullSecrets'),
    labels: strings(source, 'labels'),
    annotations: strings(source, 'annotations'),
    nodeSelector: strings(source, 'nodeSelector'),
    ignored: KEEP_ALIVE.filter((key) => source.has(key)),
  };
  return valid ? parsed : undefined;
}

function withDefaults(image: string): ProbeSource {
  return {
    image,
    imagePullPolicy: undefined,
    hostNetwork: false,
    privileged: false,
    inheritInputs: false,
    env: [],
    volumes: [],
    volumeMounts: [],
    tolerations: [],
    imagePullSecrets: [],
    labels: {},
    annotations: {},
    nodeSelector: {},
    ignored: [],
  };
}

function badImage(fields: Fields, key: string, value: string): void {
  fields.problem(key, `${describe(value)} must be an image reference, e.g. curlimages/curl:8.11.1`);
}

function objects(fields: Fields, key: string): Json[] {
  const value = fields.value[key];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value) && value.every((item) => isMapping(item))) return value;
  fields.problem(key, `must be a list of mappings (core/v1 objects), got ${describe(value)}`);
  return [];
}

function strings(fields: Fields, key: string): Record<string, string> {
  const value = fields.value[key];
  if (value === undefined || value === null) return {};
  if (isMapping(value) && Object.values(value).every((item) => typeof item === 'string')) {
    return { ...value } as Record<string, string>;
  }
  fields.problem(key, `must be a mapping of strings, got ${describe(value)}`);
  return {};
}

function isMapping(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
