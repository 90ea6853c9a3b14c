import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ChaosError } from '../errors/index.js';
import { withFileInputs } from './file-inputs.js';
import { parseProbes } from './parse.js';
import type { ProbeDefinition } from './types.js';
import { messageOf } from '../core/message.js';

/** Reads the ChaosEngine object (src/k8s/ implements it); undefined when it does not exist. */
export type EngineReader = (name: string) => Promise<unknown>;

export interface ProbeSourceOptions {
  readonly engine: string | undefined;
  readonly experiment: string;
  readonly probesFile: string | undefined;
  /** Undefined without a Kubernetes API. */
  readEngine: EngineReader | undefined;
}

/**
 * Where probes come from (ADR 0064): the ChaosEngine's `spec.experiments[name].spec.probe`
 * when CHAOSENGINE is set and the API is there, else PROBES_FILE, else none. k8sProbes
 * need the API: without it they are refused before anything runs.
 */
export async function loadProbes(options: ProbeSourceOptions): Promise<{
  readonly probes: ProbeDefinition[];
  readonly source: string;
}> {
  const { engine, readEngine, probesFile } = options;
  let found: { probes: ProbeDefinition[]; source: string } = { probes: [], source: 'none' };
  if (engine !== undefined && readEngine !== undefined) {
    found = {
      probes: await fromEngine(engine, options.experiment, readEngine),
      source: `ChaosEngine ${engine}`,
    };
  } else if (probesFile !== undefined) {
    found = { probes: await fromFile(probesFile), source: `PROBES_FILE ${probesFile}` };
  }
  const needsApi = found.probes.find(
    (probe) =>
      probe.type === 'k8sProbe' || (probe.type === 'cmdProbe' && probe.inputs.source !== undefined),
  );
  if (needsApi !== undefined && readEngine === undefined) {
    const what = needsApi.type === 'k8sProbe' ? 'k8sProbe' : 'cmdProbe with source';
    throw invalid(
      found.source,
      `${what} ${needsApi.name} needs a Kubernetes API, and none is configured`,
      `Run in a cluster or set KUBECONFIG, or remove the ${what}`,
    );
  }
  return { ...found, probes: await withFileInputs(found.probes, found.source) };
}

async function fromEngine(
  engine: string,
  experiment: string,
  readEngine: EngineReader,
): Promise<ProbeDefinition[]> {
  const object = await readEngine(engine);
  const source = `ChaosEngine ${engine}`;
  if (object === undefined) {
    throw invalid(
      source,
      'the ChaosEngine named by CHAOSENGINE does not exist',
      'Set CHAOSENGINE to the engine that runs this experiment, or unset it',
    );
  }
  const experiments = at(at(object, 'spec'), 'experiments');
  const entry = Array.isArray(experiments)
    ? (experiments as unknown[]).find((candidate) => at(candidate, 'name') === experiment)
    : undefined;
  if (entry === undefined) {
    throw invalid(
      source,
      `spec.experiments has no entry named ${experiment} (EXPERIMENT_NAME)`,
      'Make EXPERIMENT_NAME match the experiment listed in the ChaosEngine',
    );
  }
  return parseProbes(
    at(at(entry, 'spec'), 'probe'),
    `${source} experiment ${experiment}`,
    'result-init',
  );
}

async function fromFile(path: string): Promise<ProbeDefinition[]> {
  let document: unknown;
  try {
    document = parseYaml(await readFile(path, 'utf8'));
  } catch (error) {
    throw invalid(
      `PROBES_FILE ${path}`,
      `cannot read it as YAML or JSON: ${messageOf(error)}`,
      'Point PROBES_FILE at a YAML or JSON file holding a list of probes (or {probe: [...]})',
    );
  }
  const list = Array.isArray(document) ? document : at(document, 'probe');
  return parseProbes(list ?? [], `PROBES_FILE ${path}`, 'result-init');
}

function at(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function invalid(target: string, reason: string, fix: string): ChaosError {
  return new ChaosError({ code: 'CONFIG_INVALID', phase: 'result-init', target, reason, fix });
}
