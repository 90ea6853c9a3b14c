// The check that the env names and defaults are one set everywhere they are written: the
// config module (the source of truth), the chart (its values, its schema, what helm renders),
// the plain manifests and the README's table (docs/decisions/0103). Pure: the sources are
// read by sources.ts, so a test can hand it mutated copies.
import type { TunableRow } from '../../../src/config/tunables.js';
import { DEFAULT_EXPERIMENT_NAME } from '../../../src/config/spec.js';
import { HUB_DIR, HUB_FAULT_DIR } from './chaoshub.js';
import { hubProblems, type HubSources } from './hub-consistency.js';
import { PLACEMENT_WORDS, type Placement } from './placements.js';

/** One item of a container's env as Kubernetes has it. */
export interface EnvItem {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: unknown;
}

export interface ReadmeRow {
  readonly name: string;
  /** As written: `required`, `—` or the default without backticks. */
  readonly default: string;
  readonly setIn: string;
}

export interface Sources {
  readonly table: readonly TunableRow[];
  readonly placements: Readonly<Record<string, Placement>>;
  /** Examples the plain and rendered Jobs carry where the run has no default. */
  readonly jobTargets: Readonly<Record<string, string>>;
  readonly valuesEnvNames: readonly string[];
  readonly schemaEnvNames: readonly string[];
  readonly chartExperimentEnv: readonly EnvItem[];
  readonly chartJobEnv: readonly EnvItem[];
  readonly plainExperimentEnv: readonly EnvItem[];
  readonly plainJobEnv: readonly EnvItem[];
  readonly readme: readonly ReadmeRow[];
  /** package.json's config.image:version, the one published reference (ADR 0171). */
  readonly packageImage: string;
  /** The executor image of each place that names it. */
  readonly executorImages: Readonly<Record<string, string | undefined>>;
  readonly hub: HubSources;
}

const sorted = (names: Iterable<string>): string[] => [...new Set(names)].sort();

function compareNames(
  where: string,
  found: readonly string[],
  expected: readonly string[],
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const name of found) {
    if (seen.has(name)) problems.push(`${where}: ${name} appears twice`);
    seen.add(name);
  }
  for (const name of sorted(found)) {
    if (!expected.includes(name)) {
      problems.push(`${where}: has ${name}, which src/config/spec.ts does not place there`);
    }
  }
  for (const name of expected) {
    if (!seen.has(name)) problems.push(`${where}: lacks ${name}`);
  }
  return problems;
}

function defaultOf(sources: Sources, name: string): TunableRow | undefined {
  return sources.table.find((row) => row.name === name);
}

function placed(sources: Sources, placement: Placement): string[] {
  return sorted(
    sources.table
      .filter((row) => sources.placements[row.name] === placement)
      .map((row) => row.name),
  );
}

function placementProblems(sources: Sources): string[] {
  const names = sources.table.map((row) => row.name);
  return [
    ...names
      .filter((name) => !(name in sources.placements))
      .map((name) => `${name} has no placement in test/support/ship/placements.ts`),
    ...Object.keys(sources.placements)
      .filter((name) => !names.includes(name as never))
      .map((name) => `placements.ts places ${name}, which src/config/spec.ts does not define`),
  ];
}

/** The env of a ChaosExperiment: the `experiment` variables with their config defaults. */
function experimentEnvProblems(where: string, env: readonly EnvItem[], s: Sources): string[] {
  const expected = placed(s, 'experiment');
  const problems = compareNames(
    where,
    env.map((item) => item.name),
    expected,
  );
  for (const item of env.filter((candidate) => expected.includes(candidate.name))) {
    const row = defaultOf(s, item.name);
    if (row !== undefined && item.value !== row.default) {
      problems.push(
        `${where}: ${item.name} is ${JSON.stringify(item.value)}, the config default is ${JSON.stringify(row.default)}`,
      );
    }
  }
  return problems;
}

/** The Job: the experiment env, plus what the chaos runner would set, from the pod. */
function jobEnvProblems(where: string, env: readonly EnvItem[], s: Sources): string[] {
  const experiment = placed(s, 'experiment');
  const runner = placed(s, 'runner');
  const problems = compareNames(
    where,
    env.map((item) => item.name),
    sorted([...experiment, ...runner]),
  );
  for (const item of env) {
    const row = defaultOf(s, item.name);
    if (row === undefined) continue;
    const example = s.jobTargets[item.name];
    const fine = experiment.includes(item.name)
      ? item.value === row.default || (row.default === '' && item.value === example)
      : item.value !== undefined || item.valueFrom !== undefined;
    if (!fine) {
      problems.push(
        `${where}: ${item.name} is ${JSON.stringify(item.value)}, the config default is ${JSON.stringify(row.default)}`,
      );
    }
  }
  return problems;
}

function readmeDefault(row: TunableRow): string {
  if (row.required) return 'required';
  return row.default === '' ? '—' : row.default;
}

function readmeProblems(s: Sources): string[] {
  const where = 'README.md tunables table';
  const problems = compareNames(
    where,
    s.readme.map((row) => row.name),
    sorted(s.table.map((row) => row.name)),
  );
  for (const row of s.readme) {
    const truth = defaultOf(s, row.name);
    if (truth === undefined) continue;
    if (row.default !== readmeDefault(truth)) {
      problems.push(
        `${where}: ${row.name} default is ${JSON.stringify(row.default)}, should be ${JSON.stringify(readmeDefault(truth))}`,
      );
    }
    const placement = s.placements[row.name];
    if (placement !== undefined && row.setIn !== PLACEMENT_WORDS[placement]) {
      problems.push(
        `${where}: ${row.name} "Set in" is ${JSON.stringify(row.setIn)}, should be ${JSON.stringify(PLACEMENT_WORDS[placement])}`,
      );
    }
  }
  return problems;
}

/** The executor image and LIB_IMAGE's default are package.json's reference everywhere. */
function imageProblems(s: Sources): string[] {
  const named = {
    ...s.executorImages,
    'src/config/spec.ts LIB_IMAGE default': defaultOf(s, 'LIB_IMAGE')?.default,
  };
  return Object.entries(named)
    .filter(([, image]) => image !== s.packageImage)
    .map(
      ([where, image]) =>
        `${where}: image is ${JSON.stringify(image)}, package.json says ${s.packageImage}`,
    );
}

/** Every disagreement as one line; empty when all places carry the same set. */
export function consistencyProblems(s: Sources): string[] {
  const experiment = placed(s, 'experiment');
  return [
    ...placementProblems(s),
    ...compareNames('chart values.yaml env', s.valuesEnvNames, experiment),
    ...compareNames('chart values.schema.json env', s.schemaEnvNames, experiment),
    ...experimentEnvProblems('chart ChaosExperiment (helm template)', s.chartExperimentEnv, s),
    ...experimentEnvProblems('experiments/.../experiment.yaml', s.plainExperimentEnv, s),
    ...jobEnvProblems('chart Job (helm template, job.enabled)', s.chartJobEnv, s),
    ...jobEnvProblems('experiments/.../job.yaml', s.plainJobEnv, s),
    ...readmeProblems(s),
    ...experimentEnvProblems(`${HUB_FAULT_DIR}/fault.yaml`, s.hub.faultEnv, s),
    ...imageProblems(s),
    ...hubProblems(s.hub, DEFAULT_EXPERIMENT_NAME, HUB_DIR),
  ];
}
