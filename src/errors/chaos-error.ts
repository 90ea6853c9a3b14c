import type { ErrorCode, Phase } from './codes.js';
import { messageOf } from '../core/message.js';

export interface ChaosErrorFields {
  readonly code: ErrorCode;
  readonly phase: Phase;
  /** What was being acted on: a task ARN, an instance ID, a variable name, a namespace. */
  readonly target?: string;
  /** Why it failed, in words an SRE can act on. */
  readonly reason: string;
  /** What to do about it. */
  readonly fix: string;
  readonly cause?: unknown;
}

/** The one error type that crosses module boundaries; adapters wrap SDK errors into it. */
export class ChaosError extends Error {
  readonly code: ErrorCode;
  readonly phase: Phase;
  readonly target: string | undefined;
  readonly reason: string;
  readonly fix: string;

  constructor(fields: ChaosErrorFields) {
    super(formatMessage(fields), fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = 'ChaosError';
    this.code = fields.code;
    this.phase = fields.phase;
    this.target = fields.target;
    this.reason = fields.reason;
    this.fix = fields.fix;
  }

  toJSON(): Record<string, string> {
    const json: Record<string, string> = {
      code: this.code,
      phase: this.phase,
      reason: this.reason,
      fix: this.fix,
    };
    if (this.target !== undefined) json['target'] = this.target;
    return json;
  }
}

function formatMessage(fields: ChaosErrorFields): string {
  const target = fields.target === undefined ? '' : ` [${fields.target}]`;
  return `${fields.code} in phase ${fields.phase}${target}: ${fields.reason}. Fix: ${fields.fix}`;
}

/** Anything thrown that is not a ChaosError becomes one, keeping the original as cause. */
export function asChaosError(error: unknown, phase: Phase, target?: string): ChaosError {
  if (error instanceof ChaosError) return error;
  const reason = messageOf(error);
  return new ChaosError({
    code: 'INTERNAL_ERROR',
    phase,
    ...(target === undefined ? {} : { target }),
    reason,
    fix: 'This is a bug or an unexpected environment; report it with the full log',
    cause: error,
  });
}

/** A probe failure means the target misbehaved (verdict Fail), not that chaos could not run. */
export function isProbeFailure(code: ErrorCode): boolean {
  return code.endsWith('_PROBE_FAILURE');
}
