// One set of env names and defaults: the config module, the chart (values, schema, helm's
// render of the ChaosExperiment and the Job), the plain manifests and the README's table.
// The check is proven able to fail: a tunable added in one place only, on a copy, fails it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tunableTable, type TunableRow } from '../../../src/config/tunables.js';
import { repositoryRoot } from '../../support/kube/paths.js';
import { consistencyProblems } from '../../support/ship/consistency.js';
import { EXPERIMENT_DIR } from '../../support/ship/generated.js';
import { chartDir } from '../../support/ship/helm.js';
import { loadSources, type SourcePaths } from '../../support/ship/sources.js';

const root = repositoryRoot();
let scratch = '';

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ehc-ship-consistency-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Copies of the chart, the plain manifests and the README that a test may edit. */
async function copies(name: string): Promise<Required<Omit<SourcePaths, 'table'>>> {
  const folder = join(scratch, name);
  const paths = {
    chart: join(folder, 'chart'),
    experiments: join(folder, 'experiments'),
    readme: join(folder, 'README.md'),
  };
  await cp(chartDir(), paths.chart, { recursive: true });
  await cp(join(root, EXPERIMENT_DIR), paths.experiments, { recursive: true });
  await cp(join(root, 'README.md'), paths.readme);
  return paths;
}

async function edit(file: string, change: (text: string) => string): Promise<void> {
  const before = await readFile(file, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  await writeFile(file, after);
}

const NEW_ROW: TunableRow = {
  name: 'CHAOS_EXTRA' as TunableRow['name'],
  default: '7',
  required: false,
  description: 'a tunable added in one place only',
  example: '7',
  origin: 'executor',
};

describe('the tunables', () => {
  it('are the same set, with the same defaults, in every place', async () => {
    const sources = await loadSources();
    expect(sources.chartExperimentEnv.length).toBeGreaterThan(20);
    expect(sources.readme.length).toBe(tunableTable().length);
    expect(consistencyProblems(sources)).toEqual([]);
  });
});

describe('the check fails when a tunable is added in one place only', () => {
  it('in the config module only', async () => {
    const problems = consistencyProblems(
      await loadSources({ table: [...tunableTable(), NEW_ROW] }),
    );
    expect(problems).toContain('CHAOS_EXTRA has no placement in test/support/ship/placements.ts');
    expect(problems).toContain('README.md tunables table: lacks CHAOS_EXTRA');
  });

  it('in the chart only (values.yaml and its schema)', async () => {
    const paths = await copies('chart-only');
    await edit(join(paths.chart, 'values.yaml'), (text) =>
      text.replace('  LOG_LEVEL: info\n', "  LOG_LEVEL: info\n  CHAOS_EXTRA: '7'\n"),
    );
    await edit(join(paths.chart, 'values.schema.json'), (text) =>
      text.replace('"LOG_LEVEL": {', '"CHAOS_EXTRA": { "type": "string" },\n"LOG_LEVEL": {'),
    );
    const problems = consistencyProblems(await loadSources(paths));
    expect(problems).toEqual(
      expect.arrayContaining([
        'chart values.yaml env: has CHAOS_EXTRA, which src/config/spec.ts does not place there',
        'chart ChaosExperiment (helm template): has CHAOS_EXTRA, which src/config/spec.ts does not place there',
        'chart Job (helm template, job.enabled): has CHAOS_EXTRA, which src/config/spec.ts does not place there',
      ]),
    );
  });

  it('in values.yaml only: helm itself refuses it (the schema has no such tunable)', async () => {
    const paths = await copies('values-only');
    await edit(join(paths.chart, 'values.yaml'), (text) =>
      text.replace('  LOG_LEVEL: info\n', "  LOG_LEVEL: info\n  CHAOS_EXTRA: '7'\n"),
    );
    await expect(loadSources(paths)).rejects.toThrow(/additional properties 'CHAOS_EXTRA'/);
  });

  it('in a plain manifest only', async () => {
    const paths = await copies('plain-only');
    await edit(join(paths.experiments, 'experiment.yaml'), (text) =>
      text.replace(
        '      - name: TOXICITY\n',
        '      - name: CHAOS_EXTRA\n        value: "7"\n      - name: TOXICITY\n',
      ),
    );
    expect(consistencyProblems(await loadSources(paths))).toEqual([
      'experiments/.../experiment.yaml: has CHAOS_EXTRA, which src/config/spec.ts does not place there',
    ]);
  });

  it('in the README only', async () => {
    const paths = await copies('readme-only');
    await edit(paths.readme, (text) =>
      text.replace(
        '<!-- tunables:end -->',
        '| `CHAOS_EXTRA` | `7` | chart `env` | added here only |\n<!-- tunables:end -->',
      ),
    );
    expect(consistencyProblems(await loadSources(paths))).toEqual([
      'README.md tunables table: has CHAOS_EXTRA, which src/config/spec.ts does not place there',
    ]);
  });
});

describe('the check fails when one place changes a default or drops a tunable', () => {
  it('a default changed in the chart', async () => {
    const paths = await copies('default-changed');
    await edit(join(paths.chart, 'values.yaml'), (text) =>
      text.replace("  TOXICITY: '100'\n", "  TOXICITY: '50'\n"),
    );
    const problems = consistencyProblems(await loadSources(paths));
    expect(problems).toEqual([
      'chart ChaosExperiment (helm template): TOXICITY is "50", the config default is "100"',
      'chart Job (helm template, job.enabled): TOXICITY is "50", the config default is "100"',
    ]);
  });

  it('a tunable dropped from the plain Job, and a default changed in the README', async () => {
    const paths = await copies('dropped');
    await edit(join(paths.experiments, 'job.yaml'), (text) =>
      text.replace('            - name: RAMP_TIME\n              value: "0"\n', ''),
    );
    await edit(paths.readme, (text) => text.replace(/^(\| `RAMP_TIME` +\| )`0` /m, '$1`30`'));
    expect(consistencyProblems(await loadSources(paths))).toEqual([
      'experiments/.../job.yaml: lacks RAMP_TIME',
      'README.md tunables table: RAMP_TIME default is "30", should be "0"',
    ]);
  });
});
