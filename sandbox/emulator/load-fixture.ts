/**
 * Reads a fixture file for the CLI: JSON in the shape of EmulatorFixture. Checks the few
 * fields everything depends on, so a typo fails at start with the file and field named.
 */
import { readFile } from 'node:fs/promises';
import type { EmulatorFixture } from './fixture.js';
import type { KnobSettings } from './knobs.js';
import { isObject } from './input.js';

export async function loadFixture(path: string): Promise<EmulatorFixture> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`fixture ${path}: ${(error as Error).message}`, { cause: error });
  }
  const problems = check(parsed);
  if (problems.length > 0) throw new Error(`fixture ${path}: ${problems.join('; ')}`);
  return parsed as EmulatorFixture;
}

function check(value: unknown): string[] {
  if (!isObject(value)) return ['must be a JSON object'];
  const problems: string[] = [];
  if (typeof value['region'] !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(value['region'])) {
    problems.push(
      `region must be an AWS region such as us-east-1 (got ${JSON.stringify(value['region'])})`,
    );
  }
  const clusters = value['clusters'];
  if (
    !Array.isArray(clusters) ||
    !clusters.every((c) => isObject(c) && typeof c['name'] === 'string')
  ) {
    problems.push('clusters must be a list of objects with a name');
  }
  const managed = value['managedInstances'];
  if (
    managed !== undefined &&
    (!Array.isArray(managed) ||
      !managed.every((m) => isObject(m) && typeof m['instanceId'] === 'string'))
  ) {
    problems.push('managedInstances must be a list of objects with an instanceId');
  }
  return problems;
}

export function parseKnobs(text: string): KnobSettings {
  const parsed: unknown = JSON.parse(text);
  if (!isObject(parsed)) throw new Error(`--knobs must be a JSON object (got ${text})`);
  return parsed;
}
