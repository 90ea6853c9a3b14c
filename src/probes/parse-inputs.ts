import { parse as parseYaml } from 'yaml';
import type { ProbeType } from '../result/types.js';
import type { Fields } from './fields.js';
import { sourceOf } from './parse-source.js';
import type {
  CmdProbeInputs,
  HttpProbeInputs,
  K8sOperation,
  K8sProbeInputs,
  PromProbeInputs,
} from './types.js';

type Reader = (inputs: Fields, probe: Fields) => object | undefined;

const K8S_OPERATIONS: readonly K8sOperation[] = ['present', 'absent', 'create', 'delete'];
const RESOURCE = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;

function httpUrl(fields: Fields, key: string): string | undefined {
  const url = fields.text(key, true);
  if (url === undefined) return undefined;
  if (!URL.canParse(url) || !['http:', 'https:'].includes(new URL(url).protocol)) {
    fields.problem(
      key,
      'must be an http:// or https:// URL, e.g. http://checkout.internal:8080/health',
    );
    return undefined;
  }
  return url;
}

const http: Reader = (inputs): HttpProbeInputs | undefined => {
  const url = httpUrl(inputs, 'url');
  const insecureSkipVerify = inputs.flag('insecureSkipVerify');
  const method = inputs.child('method');
  const request = method === undefined ? undefined : requestOf(method);
  if (url === undefined || request === undefined) return undefined;
  return { url, insecureSkipVerify, ...request };
};

type HttpRequestPart = Omit<HttpProbeInputs, 'url' | 'insecureSkipVerify'>;

/** `method.get{criteria, responseCode}` or `method.post{contentType, body|bodyPath, …}`. */
function requestOf(method: Fields): HttpRequestPart | undefined {
  const verbs = ['get', 'post'].filter((verb) => method.has(verb));
  if (verbs.length !== 1) {
    method.problem('get', 'exactly one of method.get or method.post is required');
    return undefined;
  }
  const verb = verbs[0] === 'get' ? 'GET' : 'POST';
  const spec = method.child(verb.toLowerCase());
  const comparator = spec?.comparator('int', 'criteria', 'responseCode');
  if (spec === undefined || comparator === undefined) return undefined;
  if (verb === 'GET') {
    return {
      method: verb,
      comparator,
      contentType: undefined,
      body: undefined,
      bodyPath: undefined,
    };
  }
  const body = spec.text('body', false);
  const bodyPath = spec.text('bodyPath', false);
  if (body !== undefined && bodyPath !== undefined) {
    spec.problem('body', 'give body or bodyPath, not both');
    return undefined;
  }
  return { method: verb, comparator, contentType: spec.text('contentType', false), body, bodyPath };
}

const cmd: Reader = (inputs): CmdProbeInputs | undefined => {
  const command = inputs.text('command', true);
  const source = sourceOf(inputs);
  const comparatorFields = inputs.child('comparator');
  const type = comparatorFields?.oneOf('type', ['int', 'float', 'string'] as const);
  const comparator =
    type === undefined ? undefined : comparatorFields?.comparator(type, 'criteria', 'value');
  if (command === undefined || comparator === undefined) return undefined;
  return { command, comparator, source };
};

const k8s: Reader = (inputs, probe): K8sProbeInputs | undefined => {
  const [version, resource] = [inputs.text('version', true), inputs.text('resource', true)];
  if (resource !== undefined && !RESOURCE.test(resource)) {
    inputs.problem(
      'resource',
      'must be the plural lower-case resource name, e.g. pods or deployments',
    );
  }
  const operation = inputs.oneOf('operation', K8S_OPERATIONS);
  const data = operation === 'create' ? manifestOf(probe) : undefined;
  if (version === undefined || resource === undefined || operation === undefined) return undefined;
  if (operation === 'create' && data === undefined) return undefined;
  return { version, resource, operation, data, ...selectionOf(inputs) };
};

function selectionOf(
  inputs: Fields,
): Pick<
  K8sProbeInputs,
  'group' | 'namespace' | 'resourceNames' | 'fieldSelector' | 'labelSelector'
> {
  const optional = (key: string): string => inputs.text(key, false) ?? '';
  return {
    group: optional('group'),
    namespace: optional('namespace'),
    resourceNames: optional('resourceNames')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
    fieldSelector: optional('fieldSelector'),
    labelSelector: optional('labelSelector'),
  };
}

/** `data` holds the manifest `create` submits (YAML or JSON), at probe level as in Litmus. */
function manifestOf(probe: Fields): Readonly<Record<string, unknown>> | undefined {
  const text = probe.text('data', true);
  if (text === undefined) return undefined;
  try {
    const manifest: unknown = parseYaml(text);
    if (typeof manifest === 'object' && manifest !== null && !Array.isArray(manifest)) {
      return manifest as Record<string, unknown>;
    }
  } catch {
    // reported below
  }
  probe.problem('data', 'must be one YAML or JSON manifest (a mapping) for the create operation');
  return undefined;
}

const prom: Reader = (inputs): PromProbeInputs | undefined => {
  const endpoint = httpUrl(inputs, 'endpoint');
  const query = queryOf(inputs);
  const comparator = inputs.child('comparator')?.comparator('float', 'criteria', 'value');
  if (endpoint === undefined || comparator === undefined || query === undefined) return undefined;
  return { endpoint, ...query, comparator };
};

function queryOf(inputs: Fields): Pick<PromProbeInputs, 'query' | 'queryPath'> | undefined {
  const query = inputs.text('query', false);
  const queryPath = inputs.text('queryPath', false);
  if ((query === undefined) === (queryPath === undefined)) {
    inputs.problem('query', 'exactly one of query or queryPath is required');
    return undefined;
  }
  return { query, queryPath };
}

export const INPUT_READERS: Readonly<Record<ProbeType, Reader>> = {
  httpProbe: http,
  cmdProbe: cmd,
  k8sProbe: k8s,
  promProbe: prom,
};
