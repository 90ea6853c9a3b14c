// One set of env names and defaults: the config module, the chart (values, schema, helm's
// render of the ChaosExperiment and the Job), the plain manifests and the README's table.
// The check is proven able to fail: a tunable added in one place only, on a copy, fails it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tunableTable, type TunableRow } from '../../../src/config/tunables.js';
import { repositoryRoot } from '../../../sandbox/kube/paths.js';
import { consistencyProblems } from '../../support/ship/consistency.js';
import { HUB_DIR, HUB_FAULT, HUB_FAULT_DIR } from '../../support/ship/chaoshub.js';
import { EXPERIMENT_DIR } from '../../support/ship/generated.js';
import { chartDir } from '../../../sandbox/kube/helm.js';
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
    hub: join(folder, 'hub'),
    packageJson: join(folder, 'package.json'),
  };
  await cp(chartDir(), paths.chart, { recursive: true });
  await cp(join(root, HUB_DIR), paths.hub, { recursive: true });
  await cp(join(root, 'package.json'), paths.packageJson);
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

describe('the ChaosHub entry and the image reference', () => {
  it('a default changed in the hub’s fault.yaml', async () => {
    const paths = await copies('hub-default');
    await edit(join(paths.hub, HUB_FAULT, 'fault.yaml'), (text) =>
      text.replace(/(- name: TOXICITY\n +value: )'100'/, "$1'50'"),
    );
    expect(consistencyProblems(await loadSources(paths))).toEqual([
      `${HUB_FAULT_DIR}/fault.yaml: TOXICITY is "50", the config default is "100"`,
    ]);
  });

  it('package.json names another image: every place that names the old one fails', async () => {
    const paths = await copies('image-moved');
    await edit(paths.packageJson, (text) =>
      text.replace('"image": "ghcr.io/ecs-http-chaos/ecs-http-chaos"', '"image": "quay.io/x/y"'),
    );
    const problems = consistencyProblems(await loadSources(paths));
    expect(problems).toHaveLength(5);
    expect(problems).toContain(
      'src/config/spec.ts LIB_IMAGE default: image is "ghcr.io/ecs-http-chaos/ecs-http-chaos:0.1.0", package.json says quay.io/x/y:0.1.0',
    );
    expect(problems).toContain(
      `${HUB_FAULT_DIR}/fault.yaml: image is "ghcr.io/ecs-http-chaos/ecs-http-chaos:0.1.0", package.json says quay.io/x/y:0.1.0`,
    );
  });

  it('the package file loses the fault, a CSV is misnamed, an icon is not a PNG, the engine is gone', async () => {
    const paths = await copies('hub-broken');
    await edit(join(paths.hub, 'aws.package.yaml'), (text) =>
      text.replace(`CSV: ${HUB_FAULT}.chartserviceversion.yaml`, 'CSV: csv.yaml'),
    );
    await edit(join(paths.hub, HUB_FAULT, `${HUB_FAULT}.chartserviceversion.yaml`), (text) =>
      text.replace(`name: ${HUB_FAULT}\n`, 'name: another-fault\n'),
    );
    await writeFile(join(paths.hub, 'icons', `${HUB_FAULT}.png`), 'GIF89a');
    await rm(join(paths.hub, HUB_FAULT, 'engine.yaml'));
    expect(consistencyProblems(await loadSources(paths))).toEqual([
      `${HUB_DIR}: lacks ${HUB_FAULT}/engine.yaml`,
      `${HUB_DIR}/icons/${HUB_FAULT}.png: not a PNG`,
      `${HUB_DIR}/aws.package.yaml: ${HUB_FAULT} names CSV ${HUB_FAULT}/csv.yaml, not a file`,
      `${HUB_DIR}/${HUB_FAULT}/${HUB_FAULT}.chartserviceversion.yaml: metadata.name is not ${HUB_FAULT}`,
    ]);
  });

  it('the category lists a fault the package file does not', async () => {
    const paths = await copies('hub-category');
    await edit(join(paths.hub, 'aws.chartserviceversion.yaml'), (text) =>
      text.replace(
        `  faults:\n    - name: ${HUB_FAULT}\n`,
        '  faults:\n    - name: ec2-stop-by-id\n',
      ),
    );
    expect(consistencyProblems(await loadSources(paths))).toEqual([
      `${HUB_DIR}: the category CSV lists [ec2-stop-by-id], the package file [${HUB_FAULT}]`,
    ]);
  });
});
