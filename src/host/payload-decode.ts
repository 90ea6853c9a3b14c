import type { PullPolicy } from '../config/run-config.js';
import { showValue } from '../config/show-value.js';
import {
  HEADER_RULES,
  NO_RUNTIME_ID,
  TARGET_RULES,
  brokenRelation,
  brokenRule,
} from './payload-fields.js';
import type { Payload, PayloadHeader, PayloadMode, PayloadTarget } from './payload.js';

/**
 * The reading side of ADR 0002, with the same rules as the host script: any broken field
 * rejects the whole payload. Used by tests and the AWS emulator to see what a host sees.
 */
export function decodePayload(payloadBase64: string): Payload {
  const text = Buffer.from(payloadBase64, 'base64').toString('utf8');
  if (Buffer.from(text, 'utf8').toString('base64') !== payloadBase64) {
    throw new Error('payload rejected: not canonical base64 of UTF-8 text');
  }
  if (!text.endsWith('\n')) throw new Error('payload rejected: the last line has no newline');
  const [head, ...rest] = text.slice(0, -1).split('\n');
  const headerFields = (head ?? '').split('\t');
  const broken = brokenRule(headerFields, HEADER_RULES);
  if (broken !== undefined) throw rejected(`header ${broken.rule.name}`, broken.value);
  const targets = rest.map((line, index) => parseTarget(line.split('\t'), index + 1));
  return { header: parseHeader(headerFields), targets };
}

function parseHeader(fields: readonly string[]): PayloadHeader {
  const [, mode, chaosId, libImage, install, pull, drain, grace] = fields.map(String);
  return {
    mode: mode as PayloadMode,
    chaosId: chaosId ?? '',
    libImage: libImage ?? '',
    installDependencies: install === 'true',
    pullPolicy: pull as PullPolicy,
    drainSeconds: Number(drain),
    graceSeconds: Number(grace),
  };
}

function parseTarget(fields: readonly string[], line: number): PayloadTarget {
  const broken = brokenRule(fields, TARGET_RULES);
  if (broken !== undefined) throw rejected(`target line ${line} ${broken.rule.name}`, broken.value);
  const relation = brokenRelation(fields);
  if (relation !== undefined) throw new Error(`payload rejected: target line ${line}: ${relation}`);
  const [instanceId, clusterName, taskArn, containerName, runtimeId, mode, ...numbers] = fields;
  const [targetPort, proxyPort, resetTimeoutMs, networkInterface, toxicity, deadlineMs] = numbers;
  return {
    instanceId: instanceId ?? '',
    clusterName: clusterName ?? '',
    taskArn: taskArn ?? '',
    containerName: containerName ?? '',
    runtimeId: runtimeId === NO_RUNTIME_ID ? undefined : runtimeId,
    networkMode: mode === 'awsvpc' ? 'awsvpc' : 'bridge',
    targetPort: Number(targetPort),
    proxyPort: Number(proxyPort),
    resetTimeoutMs: Number(resetTimeoutMs),
    networkInterface: networkInterface ?? '',
    toxicity: Number(toxicity),
    deadlineMs: Number(deadlineMs),
  };
}

function rejected(field: string, value: string): Error {
  return new Error(`payload rejected: ${field} is ${showValue(value)}`);
}
