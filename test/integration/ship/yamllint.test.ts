// yamllint (Debian's package) on everything YAML we ship: the chart's own files, the plain
// manifests, the golden renders (what helm produces from the templates, which are Go
// templates and not YAML themselves) and a fresh render.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot } from '../../../sandbox/kube/paths.js';
import { CUSTOM_VALUES } from '../../support/ship/generated.js';
import { render } from '../../../sandbox/kube/helm.js';

const run = promisify(execFile);
const root = repositoryRoot();
const config = join(root, '.yamllint.yaml');
let scratch = '';

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ehc-ship-yamllint-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function yamllint(paths: readonly string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(
      'yamllint',
      ['--strict', '-c', config, '-f', 'parsable', ...paths],
      {
        cwd: root,
      },
    );
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('yamllint --strict', () => {
  it('is clean on the chart, the plain manifests, the ChaosHub entry, the fixtures and the golden renders', async () => {
    const outcome = await yamllint([
      'charts',
      'experiments',
      'faults',
      'test/fixtures/golden',
      'test/fixtures/chart',
      '.yamllint.yaml',
    ]);
    expect(outcome).toEqual({ code: 0, output: '' });
  });

  it('is clean on a fresh render of the non-default values', async () => {
    const file = join(scratch, 'custom-render.yaml');
    await writeFile(file, await render({ valuesFiles: [join(root, CUSTOM_VALUES)] }));
    expect(await yamllint([file])).toEqual({ code: 0, output: '' });
  });

  it('does flag what it should (the check can fail)', async () => {
    const file = join(scratch, 'bad.yaml');
    await writeFile(file, 'a: 1\na: 2\nb:   [1,2]\nc: yes  \n');
    const outcome = await yamllint([file]);
    expect(outcome.code).not.toBe(0);
    for (const rule of ['key-duplicates', 'colons', 'commas', 'truthy', 'trailing-spaces']) {
      expect(outcome.output).toContain(`(${rule})`);
    }
  });
});
