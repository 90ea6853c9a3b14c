// The ChaosHub entry's shape (docs/decisions/0172): every file ChaosCenter reads is there
// under the name it looks for, the package file, the category's chartserviceversion and the
// fault's agree on the fault, and the icons are PNGs. Its env and image are checked with the
// chart's by consistency.ts. `loadHub` reads a hub folder (a copy, in the mutation tests).
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import type { EnvItem } from './consistency.js';
import { HUB_CATEGORY, HUB_FAULT } from './chaoshub.js';
import { envOf, manifests } from './sources.js';

export interface HubSources {
  /** Paths relative to faults/<category>/. */
  readonly files: readonly string[];
  readonly pngs: readonly string[];
  readonly packageFile: unknown;
  readonly categoryCsv: unknown;
  readonly faultCsvs: Readonly<Record<string, unknown>>;
  readonly faultEnv: readonly EnvItem[];
  readonly faultImage: string | undefined;
  readonly faultNames: readonly string[];
  readonly experimentsNames: readonly string[];
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
type Json = Record<string, unknown>;

const field = (object: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (here, key) => (here !== null && typeof here === 'object' ? (here as Json)[key] : undefined),
    object,
  );

const namesOf = (text: string): string[] =>
  manifests(text).map((one) => String(field(one, 'metadata', 'name')));

export async function loadHub(dir: string): Promise<HubSources> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
  const text = async (path: string): Promise<string> =>
    files.includes(path) ? readFile(join(dir, path), 'utf8') : '';
  const pngs: string[] = [];
  for (const path of files.filter((one) => one.endsWith('.png'))) {
    if ((await readFile(join(dir, path))).subarray(0, 8).equals(PNG)) pngs.push(path);
  }
  const faultCsvs: Record<string, unknown> = {};
  for (const path of files.filter((one) => /^[^/]+\/[^/]+\.chartserviceversion\.yaml$/.test(one))) {
    faultCsvs[path] = parse(await text(path));
  }
  const fault = await text(`${HUB_FAULT}/fault.yaml`);
  const experiment = manifests(fault).find((one) => one.kind === 'ChaosExperiment');
  return {
    files,
    pngs,
    packageFile: parse(await text(`${HUB_CATEGORY}.package.yaml`)),
    categoryCsv: parse(await text(`${HUB_CATEGORY}.chartserviceversion.yaml`)),
    faultCsvs,
    faultEnv: fault === '' ? [] : envOf(fault, 'ChaosExperiment'),
    faultImage: field(experiment, 'spec', 'definition', 'image') as string | undefined,
    faultNames: namesOf(fault),
    experimentsNames: namesOf(await text('experiments.yaml')),
  };
}

const REQUIRED = [
  `${HUB_CATEGORY}.package.yaml`,
  `${HUB_CATEGORY}.chartserviceversion.yaml`,
  'experiments.yaml',
  `icons/${HUB_CATEGORY}.png`,
  `icons/${HUB_FAULT}.png`,
  `${HUB_FAULT}/fault.yaml`,
  `${HUB_FAULT}/engine.yaml`,
  `${HUB_FAULT}/${HUB_FAULT}.chartserviceversion.yaml`,
];

function listedFaults(hub: HubSources, where: string, path: string[]): string[] {
  const list = field(where === 'package' ? hub.packageFile : hub.categoryCsv, ...path);
  return Array.isArray(list) ? list.map((one) => String(field(one, 'name'))) : [];
}

function packageProblems(hub: HubSources, at: string): string[] {
  const problems: string[] = [];
  if (field(hub.packageFile, 'packageName') !== HUB_CATEGORY) {
    problems.push(`${at}/${HUB_CATEGORY}.package.yaml: packageName is not ${HUB_CATEGORY}`);
  }
  const entries = field(hub.packageFile, 'faults');
  for (const entry of Array.isArray(entries) ? entries : []) {
    const name = String(field(entry, 'name'));
    const csv = `${name}/${String(field(entry, 'CSV'))}`;
    if (csv !== `${name}/${name}.chartserviceversion.yaml` || !hub.files.includes(csv)) {
      problems.push(`${at}/${HUB_CATEGORY}.package.yaml: ${name} names CSV ${csv}, not a file`);
    }
  }
  return problems;
}

/** Every disagreement in the hub folder `at` as one line; empty when it is whole. */
export function hubProblems(hub: HubSources, experimentName: string, at: string): string[] {
  const problems = REQUIRED.filter((path) => !hub.files.includes(path)).map(
    (path) => `${at}: lacks ${path}`,
  );
  problems.push(
    ...hub.files
      .filter((path) => path.endsWith('.png') && !hub.pngs.includes(path))
      .map((path) => `${at}/${path}: not a PNG`),
    ...packageProblems(hub, at),
  );
  const inPackage = listedFaults(hub, 'package', ['faults']);
  const inCategory = listedFaults(hub, 'category', ['spec', 'faults']);
  if (!inPackage.includes(HUB_FAULT)) problems.push(`${at}: the package file lacks ${HUB_FAULT}`);
  if (inCategory.join() !== inPackage.join()) {
    problems.push(
      `${at}: the category CSV lists [${inCategory.join()}], the package file [${inPackage.join()}]`,
    );
  }
  for (const [path, csv] of Object.entries(hub.faultCsvs)) {
    const dir = path.split('/')[0];
    if (field(csv, 'metadata', 'name') !== dir)
      problems.push(`${at}/${path}: metadata.name is not ${dir}`);
  }
  if (hub.faultNames.join() !== experimentName) {
    problems.push(
      `${at}/${HUB_FAULT}/fault.yaml: names [${hub.faultNames.join()}], not ${experimentName}`,
    );
  }
  if (!hub.experimentsNames.includes(experimentName)) {
    problems.push(`${at}/experiments.yaml: lacks the ChaosExperiment ${experimentName}`);
  }
  return problems;
}
