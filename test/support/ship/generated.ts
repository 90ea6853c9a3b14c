// Every file generated from one source: values.schema.json from the run's grammars, the
// golden `helm template` outputs and the plain manifests from the chart. `make generate`
// writes them; test/integration/ship/chart.test.ts ("generated files") fails when a checked-in copy differs.
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { repositoryRoot } from '../../../sandbox/kube/paths.js';
import { hubFiles } from './chaoshub.js';
import { render, type RenderOptions } from '../../../sandbox/kube/helm.js';
import { valuesSchema } from './values-schema.js';

export interface GeneratedFile {
  /** Relative to the repository root. */
  readonly path: string;
  /** Text, or bytes (the ChaosHub icons). */
  readonly content: string | Buffer;
}

export const EXPERIMENT_DIR = 'experiments/ecs-container-http-reset-peer';
export const GOLDEN_DIR = 'test/fixtures/golden';
export const CUSTOM_VALUES = 'test/fixtures/chart/values-custom.yaml';

/** The plain Job carries the config module's examples where the run has no default. */
export const PLAIN_JOB_TARGET = {
  CLUSTER_NAME: 'my-cluster',
  REGION: 'us-east-1',
  SERVICE_NAME: 'checkout',
} as const;

export async function schemaFile(): Promise<GeneratedFile> {
  const path = 'charts/ecs-http-chaos/values.schema.json';
  const options = (await resolveConfig(join(repositoryRoot(), path))) ?? {};
  const content = await format(JSON.stringify(valuesSchema()), { ...options, parser: 'json' });
  return { path, content };
}

export async function goldenFiles(): Promise<GeneratedFile[]> {
  return [
    { path: `${GOLDEN_DIR}/default.yaml`, content: await render() },
    {
      path: `${GOLDEN_DIR}/custom.yaml`,
      content: await render({ valuesFiles: [join(repositoryRoot(), CUSTOM_VALUES)] }),
    },
  ];
}

const PLAIN: RenderOptions = {
  release: 'ecs-http-chaos',
  namespace: 'litmus',
  setJson: { helmLabels: false },
};

function plainHeader(what: string): string {
  return [
    `# ${what}`,
    '# Generated from charts/ecs-http-chaos by `make generate` (helm template, helmLabels=false):',
    '# edit the chart, not this file. Namespace: litmus; to use another, change every',
    '# `namespace:` line (the RoleBinding names the ServiceAccount by namespace too).',
    '',
  ].join('\n');
}

/** helm's output without its `---` / `# Source:` preambles, documents joined by `---`. */
export function plainDocuments(helmOutput: string): string {
  const documents = helmOutput
    .split(/^---\n/m)
    .map((document) => document.replace(/^# Source: .*\n/, '').trim())
    .filter((document) => document !== '');
  return documents.map((document) => `${document}\n`).join('---\n');
}

export async function plainFiles(): Promise<GeneratedFile[]> {
  const show = async (templates: string[], extra: Record<string, unknown> = {}): Promise<string> =>
    plainDocuments(
      await render({
        ...PLAIN,
        setJson: { ...PLAIN.setJson, ...extra },
        showOnly: templates.map((template) => `templates/${template}`),
      }),
    );
  return [
    {
      path: `${EXPERIMENT_DIR}/experiment.yaml`,
      content:
        plainHeader(
          'The ChaosExperiment ecs-container-http-reset-peer for the Litmus chaos runner.',
        ) + (await show(['experiment.yaml'])),
    },
    {
      path: `${EXPERIMENT_DIR}/rbac.yaml`,
      content:
        plainHeader('ServiceAccount, least-privilege Role and RoleBinding of the experiment.') +
        (await show(['serviceaccount.yaml', 'role.yaml'])),
    },
    {
      path: `${EXPERIMENT_DIR}/job.yaml`,
      content:
        plainHeader(
          'One run without the Litmus operator: set CLUSTER_NAME, REGION, SERVICE_NAME or TASK_REPLICA_ID.',
        ) +
        (await show(['job.yaml'], {
          'job.enabled': true,
          ...Object.fromEntries(
            Object.entries(PLAIN_JOB_TARGET).map(([name, value]) => [`env.${name}`, value]),
          ),
        })),
    },
  ];
}

export async function generatedFiles(): Promise<GeneratedFile[]> {
  return [
    await schemaFile(),
    ...(await goldenFiles()),
    ...(await plainFiles()),
    ...(await hubFiles()),
  ];
}
