import { expect } from '@jest/globals';
import { ConfigInvalidError } from '../../../src/config/config-error.js';
import type { Environment } from '../../../src/core/context.js';
import { loadRunConfig } from '../../../src/config/load-config.js';
import type { RunConfig } from '../../../src/config/run-config.js';
import type { Random } from '../../../src/core/clock.js';

/** The smallest valid environment: what the seed marks required, plus a target. */
export const BASE: Environment = Object.freeze({
  CLUSTER_NAME: 'my-cluster',
  REGION: 'us-east-1',
  SERVICE_NAME: 'checkout',
});

/** A deterministic random source: replays the given draws, then zeros. */
export function replay(...draws: number[]): Random & { readonly calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    int: (bound) => {
      calls.push(bound);
      return draws.shift() ?? 0;
    },
  };
}

export function load(extra: Environment, base: Environment = BASE): RunConfig {
  return loadRunConfig({ ...base, ...extra }, replay());
}

/** The ConfigInvalidError the environment produces; fails the test if it loads. */
export function rejection(extra: Environment, base: Environment = BASE): ConfigInvalidError {
  try {
    load(extra, base);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigInvalidError);
    return error as ConfigInvalidError;
  }
  throw new Error(`expected the configuration to be rejected: ${JSON.stringify(extra)}`);
}

/** Exactly one problem, for `variable`, and its one line is safe to print. */
export function onlyLine(extra: Environment, variable: string, base: Environment = BASE): string {
  const error = rejection(extra, base);
  expect(error.problems.map((problem) => problem.variable)).toEqual([variable]);
  const [line] = error.lines;
  expect(line).toMatch(/^[\x20-\x7e]+$/);
  expect(line?.startsWith(variable)).toBe(true);
  expect(line).toContain(`(example: ${variable}=`);
  return line ?? '';
}
