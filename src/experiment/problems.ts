import { ChaosError } from '../errors/chaos-error.js';
import type { ErrorCode, Phase } from '../errors/codes.js';
import { showValue } from '../config/show-value.js';

/** Values that come from an API are quoted as the config quotes env values. */
export const quote = showValue;

export interface ProblemList {
  readonly code: ErrorCode;
  readonly phase: Phase;
  readonly summary: string;
  readonly items: readonly string[];
  readonly fix: string;
  readonly target?: string;
}

/** One error naming every offending task or instance, one line each. */
export function problemError(list: ProblemList): ChaosError {
  return new ChaosError({
    code: list.code,
    phase: list.phase,
    ...(list.target === undefined ? {} : { target: list.target }),
    reason: [`${list.summary}:`, ...list.items.map((item) => `  ${item}`)].join('\n'),
    fix: list.fix,
  });
}

/** "FARGATE×2, EC2×1": how many of each, for messages about what was found. */
export function tally(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => `${value}×${count}`).join(', ');
}

/** The first few of a long list, and how many more there are. */
export function listSome(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
