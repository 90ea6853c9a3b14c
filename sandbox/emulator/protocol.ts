/**
 * Which service and operation a request is for, from the wire alone: AWS JSON 1.1 names
 * it in `X-Amz-Target` (`AmazonSSM.SendCommand`), the query protocol in the form body
 * (`Action=AssumeRole`). Answers are written back in the same dialect.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { AwsError, jsonErrorBody, unknownOperation, type Dialect } from './errors.js';
import { ecsService, ECS_TARGET_PREFIX } from './ecs/index.js';
import { isObject, type JsonObject } from './input.js';
import type { ServiceDefinition } from './service.js';
import { ssmService, SSM_TARGET_PREFIX } from './ssm/index.js';
import { stsService } from './sts/index.js';
import { xmlError, xmlResult, type XmlValue } from './sts/xml.js';

export interface ParsedRequest {
  dialect: Dialect;
  service: ServiceDefinition | undefined;
  operation: string;
  input: JsonObject;
  /** Set when the request cannot be understood; answered before anything else. */
  problem?: AwsError;
}

const JSON_SERVICES: Readonly<Record<string, ServiceDefinition>> = {
  [ECS_TARGET_PREFIX]: ecsService,
  [SSM_TARGET_PREFIX]: ssmService,
};

export function parseRequest(
  headers: IncomingHttpHeaders,
  url: string,
  body: string,
): ParsedRequest {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return parseJson(target, body);
  const form = new URLSearchParams(body);
  for (const [key, value] of new URL(url, 'http://emulator').searchParams) form.append(key, value);
  const action = form.get('Action');
  if (action === null) {
    return {
      dialect: 'json',
      service: undefined,
      operation: 'unknown',
      input: {},
      problem: unknownOperation('json', ''),
    };
  }
  const input: JsonObject = Object.fromEntries(form.entries());
  const parsed: ParsedRequest = { dialect: 'query', service: stsService, operation: action, input };
  if (stsService.operations[action] === undefined)
    parsed.problem = unknownOperation('query', action);
  return parsed;
}

function parseJson(target: string, body: string): ParsedRequest {
  const dot = target.lastIndexOf('.');
  const service = JSON_SERVICES[target.slice(0, dot)];
  const operation = target.slice(dot + 1);
  const parsed: ParsedRequest = { dialect: 'json', service, operation, input: {} };
  if (service?.operations[operation] === undefined) {
    parsed.problem = unknownOperation('json', operation);
    return parsed;
  }
  try {
    const decoded: unknown = body.trim() === '' ? {} : JSON.parse(body);
    if (!isObject(decoded)) throw new Error('not an object');
    parsed.input = decoded;
  } catch {
    parsed.problem = new AwsError(
      'SerializationException',
      'Start of structure or map found where not expected.',
    );
  }
  return parsed;
}

export interface Answer {
  status: number;
  contentType: string;
  body: string;
  errorCode: string | undefined;
}

export function success(
  dialect: Dialect,
  operation: string,
  result: unknown,
  requestId: string,
): Answer {
  if (dialect === 'query') {
    const fields = (isObject(result) ? result : {}) as Record<string, XmlValue>;
    return {
      status: 200,
      contentType: 'text/xml',
      body: xmlResult(operation, fields, requestId),
      errorCode: undefined,
    };
  }
  return {
    status: 200,
    contentType: 'application/x-amz-json-1.1',
    body: JSON.stringify(result ?? {}),
    errorCode: undefined,
  };
}

export function failure(dialect: Dialect, error: AwsError, requestId: string): Answer {
  return dialect === 'query'
    ? {
        status: error.status,
        contentType: 'text/xml',
        body: xmlError(error, requestId),
        errorCode: error.code,
      }
    : {
        status: error.status,
        contentType: 'application/x-amz-json-1.1',
        body: jsonErrorBody(error),
        errorCode: error.code,
      };
}

export function write(res: ServerResponse, answer: Answer, requestId: string): void {
  const headers: Record<string, string> = {
    'content-type': answer.contentType,
    'x-amzn-requestid': requestId,
  };
  if (answer.errorCode !== undefined)
    headers['x-amzn-errortype'] = answer.errorCode.replace(/^.*#/, '');
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}
