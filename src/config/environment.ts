/**
 * The one module that reads the process environment. Everything else receives an
 * `Environment` value, so tests pass plain objects and nothing reads globals.
 */
import type { Environment } from '../core/context.js';

export function processEnvironment(): Environment {
  return Object.freeze({ ...process.env });
}

/** Litmus treats an empty value as unset (docs/reference/litmus.md); so do we. */
export function valueOf(env: Environment, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}
