// Reads every place that names the tunables, for consistency.ts. Paths can be overridden so
// a test can point at mutated copies; the chart is read through real helm.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { tunableTable, type TunableRow } from '../../../src/config/tunables.js';
import { repositoryRoot } from '../../../sandbox/kube/paths.js';
import type { EnvItem, ReadmeRow, Sources } from './consistency.js';
import { HUB_DIR, HUB_FAULT } from './chaoshub.js';
import { EXPERIMENT_DIR, PLAIN_JOB_TARGET } from './generated.js';
import { chartDir, render } from '../../../sandbox/kube/helm.js';
import { loadHub } from './hub-consistency.js';
import { PLACEMENTS } from './placements.js';

export interface SourcePaths {
  readonly chart?: string;
  readonly readme?: string;
  readonly experiments?: string;
  /** faults/<category>/ of the ChaosHub entry. */
  readonly hub?: string;
  readonly packageJson?: string;
  readonly table?: readonly TunableRow[];
}

type Manifest = Record<string, unknown> & { kind?: string };

export function manifests(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((document) => document.toJS() as Manifest | null)
    .filter((document): document is Manifest => document !== null);
}

function dig(object: unknown, path: readonly (string | number)[]): unknown {
  let here = object;
  for (const key of path) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<string | number, unknown>)[key];
  }
  return here;
}

const EXPERIMENT_ENV = ['spec', 'definition', 'env'];
const EXPERIMENT_IMAGE = ['spec', 'definition', 'image'];
const JOB_IMAGE = ['spec', 'template', 'spec', 'containers', 0, 'image'];

/** The image of the one object of this kind in a multi-document YAML text. */
function imageOf(text: string, kind: 'ChaosExperiment' | 'Job'): string | undefined {
  const found = manifests(text).find((document) => document.kind === kind);
  return dig(found, kind === 'Job' ? JOB_IMAGE : EXPERIMENT_IMAGE) as string | undefined;
}
const JOB_ENV = ['spec', 'template', 'spec', 'containers', 0, 'env'];

/** The env list of the one object of this kind in a multi-document YAML text. */
export function envOf(text: string, kind: 'ChaosExperiment' | 'Job'): EnvItem[] {
  const found = manifests(text).filter((document) => document.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  const env = dig(found[0], kind === 'Job' ? JOB_ENV : EXPERIMENT_ENV);
  if (!Array.isArray(env)) throw new Error(`the ${kind} has no env list`);
  return env as EnvItem[];
}

const README_ROW = /^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|\s*([^|]*?)\s*\|\s*([^|]*?)\s*\|/;

/** The rows of the table between `<!-- tunables:begin -->` and `<!-- tunables:end -->`. */
export function readmeRows(markdown: string): ReadmeRow[] {
  const begin = markdown.indexOf('<!-- tunables:begin -->');
  const end = markdown.indexOf('<!-- tunables:end -->');
  if (begin < 0 || end < begin) throw new Error('README.md has no tunables:begin/end markers');
  return markdown
    .slice(begin, end)
    .split('\n')
    .map((line) => README_ROW.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, name = '', cell = '', setIn = '']) => ({
      name,
      default: cell.replaceAll('`', ''),
      setIn,
    }));
}

/** package.json's config.image:version. */
async function packageImage(path: string): Promise<string> {
  const pkg = JSON.parse(await readFile(path, 'utf8')) as {
    version: string;
    config?: { image?: string };
  };
  return `${pkg.config?.image ?? '(no config.image)'}:${pkg.version}`;
}

/** Each place's path: the given copy, else the repository's own. */
function resolved(paths: SourcePaths): Required<Omit<SourcePaths, 'table'>> {
  const root = repositoryRoot();
  return {
    chart: paths.chart ?? chartDir(),
    experiments: paths.experiments ?? join(root, EXPERIMENT_DIR),
    readme: paths.readme ?? join(root, 'README.md'),
    hub: paths.hub ?? join(root, HUB_DIR),
    packageJson: paths.packageJson ?? join(root, 'package.json'),
  };
}

export async function loadSources(given: SourcePaths = {}): Promise<Sources> {
  const paths = resolved(given);
  const { chart, experiments } = paths;
  const values = parse(await readFile(join(chart, 'values.yaml'), 'utf8')) as {
    env?: Record<string, unknown>;
  };
  const schema = JSON.parse(await readFile(join(chart, 'values.schema.json'), 'utf8')) as {
    properties?: { env?: { properties?: Record<string, unknown> } };
  };
  const pkg = await packageImage(paths.packageJson);
  const hub = await loadHub(paths.hub);
  const chartRender = await render({ chart });
  const plainExperiment = await readFile(join(experiments, 'experiment.yaml'), 'utf8');
  const plainJob = await readFile(join(experiments, 'job.yaml'), 'utf8');
  const jobValues = Object.fromEntries(
    Object.entries(PLAIN_JOB_TARGET).map(([name, value]) => [`env.${name}`, value]),
  );
  return {
    table: given.table ?? tunableTable(),
    placements: PLACEMENTS,
    jobTargets: PLAIN_JOB_TARGET,
    valuesEnvNames: Object.keys(values.env ?? {}),
    schemaEnvNames: Object.keys(schema.properties?.env?.properties ?? {}),
    chartExperimentEnv: envOf(chartRender, 'ChaosExperiment'),
    chartJobEnv: envOf(
      await render({ chart, setJson: { 'job.enabled': true, ...jobValues } }),
      'Job',
    ),
    plainExperimentEnv: envOf(plainExperiment, 'ChaosExperiment'),
    plainJobEnv: envOf(plainJob, 'Job'),
    readme: readmeRows(await readFile(paths.readme, 'utf8')),
    packageImage: pkg,
    executorImages: {
      'chart ChaosExperiment (helm template)': imageOf(chartRender, 'ChaosExperiment'),
      'experiments/.../experiment.yaml': imageOf(plainExperiment, 'ChaosExperiment'),
      'experiments/.../job.yaml': imageOf(plainJob, 'Job'),
      [`${HUB_DIR}/${HUB_FAULT}/fault.yaml`]: hub.faultImage,
    },
    hub,
  };
}
