import { EnvMissingError, customCleanEnv } from 'envalid';
import type { Random } from '../core/clock.js';
import { buildRunConfig } from './build-config.js';
import { ConfigInvalidError, type ConfigProblem } from './config-error.js';
import { CROSS_CHECKS } from './cross-checks.js';
import { valueOf } from './environment.js';
import type { Environment } from '../core/context.js';
import type { RunConfig } from './run-config.js';
import { SPECS, type SpecName } from './spec.js';
import type { RawValues, ValidValues } from './values.js';

const NAMES = Object.keys(SPECS) as SpecName[];

/**
 * The `config` phase: every variable parsed and checked at once. Returns one frozen
 * RunConfig, or throws ConfigInvalidError with exactly one line per invalid variable.
 * Pure: reads only `env`, sends nothing anywhere.
 */
export function loadRunConfig(env: Environment, random: Random): RunConfig {
  const raw = rawValues(env);
  const errors: Partial<Record<SpecName, Error>> = {};
  const cleaned = customCleanEnv(raw, SPECS, (values) => values, {
    reporter: ({ errors: found }) => Object.assign(errors, found),
  });
  const problems = new Map<string, ConfigProblem>();
  for (const name of NAMES) {
    const error = errors[name];
    if (error !== undefined) problems.set(name, fieldProblem(name, raw[name], error));
  }
  const valid = validValues(cleaned, errors);
  for (const check of CROSS_CHECKS) {
    const problem = check(valid, raw);
    if (problem !== undefined && !problems.has(problem.variable)) {
      problems.set(problem.variable, problem);
    }
  }
  if (problems.size > 0) throw new ConfigInvalidError(inSpecOrder([...problems.values()]));
  return buildRunConfig(cleaned, raw, random);
}

/** Only our variables, and an empty value counts as unset (docs/reference/litmus.md). */
export function rawValues(env: Environment): RawValues {
  const raw: Partial<Record<SpecName, string>> = {};
  for (const name of NAMES) {
    const value = valueOf(env, name);
    if (value !== undefined) raw[name] = value;
  }
  return raw;
}

function fieldProblem(name: SpecName, value: string | undefined, error: Error): ConfigProblem {
  const spec = SPECS[name];
  const rule = error instanceof EnvMissingError ? `required: ${spec.desc ?? name}` : error.message;
  return { variable: name, value, rule, example: spec.example ?? '' };
}

function validValues(cleaned: object, errors: Partial<Record<SpecName, Error>>): ValidValues {
  const valid: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(cleaned)) {
    if (errors[name as SpecName] === undefined) valid[name] = value;
  }
  return valid;
}

function inSpecOrder(problems: ConfigProblem[]): ConfigProblem[] {
  const rank = (problem: ConfigProblem): number => NAMES.indexOf(problem.variable as SpecName);
  return problems.sort((a, b) => rank(a) - rank(b));
}
