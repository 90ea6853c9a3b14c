import { readFile } from 'node:fs/promises';
import { ChaosError } from '../errors/index.js';
import type { ProbeDefinition } from './types.js';
import { messageOf } from '../core/message.js';

/**
 * `bodyPath` and `queryPath` are read once, before the run: a file that cannot be read is
 * an invalid probe definition (Error), not a target failing its probe on every try.
 */
export async function withFileInputs(
  probes: readonly ProbeDefinition[],
  source: string,
): Promise<ProbeDefinition[]> {
  return Promise.all(probes.map((probe) => resolveFile(probe, source)));
}

async function resolveFile(probe: ProbeDefinition, source: string): Promise<ProbeDefinition> {
  if (probe.type === 'httpProbe' && probe.inputs.bodyPath !== undefined) {
    const body = await read(probe.inputs.bodyPath, `${source} probe ${probe.name} bodyPath`);
    return { ...probe, inputs: { ...probe.inputs, body } };
  }
  if (probe.type === 'promProbe' && probe.inputs.queryPath !== undefined) {
    const text = await read(probe.inputs.queryPath, `${source} probe ${probe.name} queryPath`);
    return { ...probe, inputs: { ...probe.inputs, query: text.trim() } };
  }
  return probe;
}

async function read(path: string, target: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ChaosError({
      code: 'CONFIG_INVALID',
      phase: 'result-init',
      target,
      reason: `cannot read ${path}: ${messageOf(error)}`,
      fix: 'Mount the file into the experiment pod at that path, or give the value inline',
    });
  }
}
