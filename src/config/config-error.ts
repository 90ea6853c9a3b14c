import { ChaosError } from '../errors/chaos-error.js';
import { showValue } from './show-value.js';

/** One invalid variable: exactly one line in the output. */
export interface ConfigProblem {
  readonly variable: string;
  /** The raw value; undefined when the variable is not set. */
  readonly value: string | undefined;
  readonly rule: string;
  readonly example: string;
}

export function problemLine(problem: ConfigProblem): string {
  const { variable, value, rule, example } = problem;
  const subject =
    value === undefined ? `${variable} is not set` : `${variable}=${showValue(value)}`;
  return `${subject}: ${rule} (example: ${variable}=${example})`;
}

/** CONFIG_INVALID listing every invalid variable, one line each; exit code 2. */
export class ConfigInvalidError extends ChaosError {
  readonly problems: readonly ConfigProblem[];
  readonly lines: readonly string[];

  constructor(problems: readonly ConfigProblem[]) {
    const lines = problems.map(problemLine);
    const count = `${problems.length} environment variable${problems.length === 1 ? ' is' : 's are'} invalid`;
    super({
      code: 'CONFIG_INVALID',
      phase: 'config',
      target: problems.map((problem) => problem.variable).join(','),
      reason: [`${count}:`, ...lines.map((line) => `  ${line}`)].join('\n'),
      fix: 'correct the variables listed; nothing was sent anywhere',
    });
    this.name = 'ConfigInvalidError';
    this.problems = Object.freeze([...problems]);
    this.lines = Object.freeze(lines);
  }
}
