import { ChaosError } from '../errors/chaos-error.js';
import type { ErrorCode, Phase } from '../errors/codes.js';
import type { PullPolicy } from '../config/run-config.js';
import { showValue } from '../config/show-value.js';
import {
  HEADER_RULES,
  NO_RUNTIME_ID,
  PAYLOAD_FORMAT,
  TARGET_RULES,
  brokenRelation,
  brokenRule,
} from './payload-fields.js';

/** The executor ↔ host script contract: docs/decisions/0002-host-contract.md. */
export type PayloadMode = 'inject' | 'revert' | 'status';

export interface PayloadHeader {
  readonly mode: PayloadMode;
  readonly chaosId: string;
  readonly libImage: string;
  readonly installDependencies: boolean;
  /** LIB_IMAGE_PULL_POLICY, as the hosts apply it when installDependencies is true. */
  readonly pullPolicy: PullPolicy;
  readonly drainSeconds: number;
  readonly graceSeconds: number;
}

export interface PayloadTarget {
  readonly instanceId: string;
  readonly clusterName: string;
  readonly taskArn: string;
  readonly containerName: string;
  readonly runtimeId: string | undefined;
  readonly networkMode: 'bridge' | 'awsvpc';
  readonly targetPort: number;
  readonly proxyPort: number;
  readonly resetTimeoutMs: number;
  readonly networkInterface: string;
  readonly toxicity: number;
  readonly deadlineMs: number;
}

export interface Payload {
  readonly header: PayloadHeader;
  readonly targets: readonly PayloadTarget[];
}

export type CommandText = readonly [string, string];

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function headerFields(header: PayloadHeader): string[] {
  return [
    PAYLOAD_FORMAT,
    header.mode,
    header.chaosId,
    header.libImage,
    String(header.installDependencies),
    header.pullPolicy,
    String(header.drainSeconds),
    String(header.graceSeconds),
  ];
}

export function targetFields(target: PayloadTarget): string[] {
  return [
    target.instanceId,
    target.clusterName,
    target.taskArn,
    target.containerName,
    target.runtimeId ?? NO_RUNTIME_ID,
    target.networkMode,
    String(target.targetPort),
    String(target.proxyPort),
    String(target.resetTimeoutMs),
    target.networkInterface,
    String(target.toxicity),
    String(target.deadlineMs),
  ];
}

/**
 * Base64 of the tab-separated lines (header, then one per target, each ending in \n).
 * Every field is checked against its ADR rule first — defence in depth: the values were
 * validated when read, but some (container names, runtime IDs) came from an API.
 */
export function encodePayload(payload: Payload): string {
  const { header, targets } = payload;
  const rows = [headerFields(header), ...targets.map(targetFields)];
  rows.forEach((fields, index) => {
    const problem = index === 0 ? headerProblem(fields) : targetProblem(fields, index);
    if (problem !== undefined) throw payloadError(header.mode, problem, targets[index - 1]);
  });
  const text = rows.map((fields) => `${fields.join('\t')}\n`).join('');
  return Buffer.from(text, 'utf8').toString('base64');
}

/** AWS-RunShellScript `commands`: the base64 literal, then the script text unchanged. */
export function commandsFor(payloadBase64: string, hostScriptText: string): CommandText {
  if (payloadBase64 === '' || !BASE64.test(payloadBase64)) {
    throw new ChaosError({
      code: 'INTERNAL_ERROR',
      phase: 'inject',
      reason: 'the payload is not canonical base64, so it cannot go between single quotes',
      fix: 'this is a bug: report it with the full log',
    });
  }
  return [`P='${payloadBase64}'`, hostScriptText];
}

/** What the size budget counts: the JSON of the two strings, as they travel to SSM. */
export function commandBytes(commands: CommandText): number {
  return Buffer.byteLength(JSON.stringify(commands), 'utf8');
}

function headerProblem(fields: readonly string[]): string | undefined {
  const broken = brokenRule(fields, HEADER_RULES);
  return (
    broken &&
    `header field ${broken.rule.name} is ${showValue(broken.value)}; rule: ${broken.rule.rule}`
  );
}

function targetProblem(fields: readonly string[], line: number): string | undefined {
  const broken = brokenRule(fields, TARGET_RULES);
  if (broken !== undefined) {
    return `target line ${line}: ${broken.rule.name} is ${showValue(broken.value)}; rule: ${broken.rule.rule}`;
  }
  const relation = brokenRelation(fields);
  return relation && `target line ${line}: ${relation}`;
}

const MODE_ERROR: Record<PayloadMode, { code: ErrorCode; phase: Phase }> = {
  inject: { code: 'CHAOS_INJECT_ERROR', phase: 'inject' },
  revert: { code: 'CHAOS_REVERT_ERROR', phase: 'revert' },
  status: { code: 'STATUS_CHECKS_ERROR', phase: 'chaos' },
};

function payloadError(
  mode: string,
  problem: string,
  target: PayloadTarget | undefined,
): ChaosError {
  const known = MODE_ERROR[mode as PayloadMode] as (typeof MODE_ERROR)[PayloadMode] | undefined;
  return new ChaosError({
    ...(known ?? { code: 'INTERNAL_ERROR', phase: 'inject' }),
    ...(target === undefined ? {} : { target: showValue(target.taskArn) }),
    reason: `refusing to send a payload that breaks the host contract (ADR 0002): ${problem}`,
    fix: 'nothing was sent; a value from the configuration or from ECS is malformed, see the field named',
  });
}
