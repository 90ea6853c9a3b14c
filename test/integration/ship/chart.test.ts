// The chart through the real helm: lint --strict, the golden renders, the generated files,
// the Role against the proven one, and what the rendered pods would hand the run.
import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadRunConfig } from '../../../src/config/load-config.js';
import { DEFAULT_LIB_IMAGE } from '../../../src/config/spec.js';
import { loadProbes } from '../../../src/probes/source.js';
import { repositoryRoot } from '../../../sandbox/kube/paths.js';
import { CUSTOM_VALUES, generatedFiles } from '../../support/ship/generated.js';
import { chartDir, helm, render } from '../../../sandbox/kube/helm.js';
import { envOf, manifests } from '../../support/ship/sources.js';

const root = repositoryRoot();
const custom = join(root, CUSTOM_VALUES);
const random = { int: (bound: number) => bound - 1 };

type Json = Record<string, unknown>;
const byKind = (text: string, kind: string): Json[] =>
  manifests(text).filter((document) => document.kind === kind);
const one = (text: string, kind: string): Json => {
  const found = byKind(text, kind);
  expect(found).toHaveLength(1);
  return found[0] as Json;
};

/** The env a pod would get: literal values, and the downward API filled in as kubelet would. */
function podEnv(env: readonly { name: string; value?: string; valueFrom?: unknown }[]) {
  const fieldValues: Record<string, string> = {
    'metadata.namespace': 'litmus',
    'metadata.name': 'ecs-container-http-reset-peer-x7k2p',
    'spec.serviceAccountName': 'ecs-container-http-reset-peer-sa',
  };
  return Object.fromEntries(
    env.map((item) => {
      const path = (item.valueFrom as { fieldRef?: { fieldPath?: string } } | undefined)?.fieldRef
        ?.fieldPath;
      return [item.name, path === undefined ? (item.value ?? '') : (fieldValues[path] ?? '')];
    }),
  );
}

describe('helm lint --strict', () => {
  it.each([
    ['default values', []],
    ['non-default values', ['--values', custom]],
  ])('is clean with %s', async (_label, extra) => {
    const outcome = await helm(['lint', '--strict', chartDir(), ...extra]);
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(outcome.stdout).not.toMatch(/\[(WARNING|ERROR)\]/);
  });
});

describe('NOTES.txt (helm install --dry-run=client)', () => {
  const notes = async (extra: string[]): Promise<string> => {
    const outcome = await helm([
      'install',
      'ehc',
      chartDir(),
      '--dry-run=client',
      '-n',
      'litmus',
      ...extra,
    ]);
    expect(outcome.code).toBe(0);
    return outcome.stdout.slice(outcome.stdout.indexOf('NOTES:'));
  };

  it('warns when the pod has no AWS credentials of its own, and says how to run it', async () => {
    const text = await notes([]);
    expect(text).toContain(
      'WARNING: neither serviceAccount.roleArn (IRSA) nor env.AWS_AUTHENTICATION_SECRET is set.',
    );
    expect(text).toContain('spec.chaosServiceAccount is ecs-container-http-reset-peer-sa');
    expect(text).toContain("Never flush a host's nat chains");
  });

  it('names the secret, the role to assume and the Job to follow when they are set', async () => {
    const text = await notes(['--values', custom]);
    expect(text).not.toContain('WARNING');
    expect(text).toContain('Secret cloud-secret, mounted at /tmp/cloud_config.yml');
    expect(text).toContain('then assumes arn:aws:iam::210987654321:role/chaos/ecs-http-chaos');
    expect(text).toContain('kubectl -n litmus logs -f job/checkout-reset-peer');
    expect(text).toContain('kubectl -n litmus get chaosresult ecs-container-http-reset-peer-run-1');
  });
});

describe('generated files', () => {
  it('the golden renders, the schema, the plain manifests and the ChaosHub entry are what `make generate` writes', async () => {
    for (const file of await generatedFiles()) {
      const bytes = await readFile(join(root, file.path));
      const checkedIn = typeof file.content === 'string' ? bytes.toString('utf8') : bytes;
      // On a mismatch, `make generate` refreshes them; review the diff before committing.
      expect([file.path, checkedIn]).toEqual([file.path, file.content]);
    }
  });
});

describe('the Role', () => {
  it('has the rules proven against the real API server, in the chart, the experiment and rbac.yaml; source-probe rules only when asked', async () => {
    // The experiment's with the probes' (ADR 0066, 0162), then the chaos runner's (ADR 0180).
    const fixture = async (name: string) =>
      (
        parse(await readFile(join(root, 'test/fixtures/rbac', name), 'utf8')) as {
          rules: unknown[];
        }
      ).rules;
    const [own, runner] = [await fixture('role.yaml'), await fixture('chaos-runner.yaml')];
    const proven = { rules: [...own, ...runner] };
    const rendered = await render();
    const plainRbac = await readFile(
      join(root, 'experiments/ecs-container-http-reset-peer/rbac.yaml'),
      'utf8',
    );
    expect(one(rendered, 'Role').rules).toEqual(proven.rules);
    expect(one(plainRbac, 'Role').rules).toEqual(proven.rules);
    const experiment = one(rendered, 'ChaosExperiment') as {
      spec: { definition: { permissions: unknown; scope: string } };
    };
    expect(experiment.spec.definition.permissions).toEqual(proven.rules);
    expect(experiment.spec.definition.scope).toBe('Namespaced');
    const sourceRules = parse(
      await readFile(join(root, 'test/fixtures/rbac/source-probes.yaml'), 'utf8'),
    ) as { rules: unknown[] };
    const withSource = await render({ setJson: { 'probes.source.enabled': true } });
    expect(one(withSource, 'Role').rules).toEqual([...own, ...sourceRules.rules, ...runner]);
    const binding = one(plainRbac, 'RoleBinding') as { subjects: unknown; roleRef: unknown };
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'ecs-container-http-reset-peer-sa', namespace: 'litmus' },
    ]);
  });

  it('grants get on the credentials Secret, and only that one, when the experiment mounts it', async () => {
    const rendered = await render({
      setJson: { 'env.AWS_AUTHENTICATION_SECRET': 'aws-credentials' },
    });
    expect((one(rendered, 'Role')['rules'] as unknown[]).at(-1)).toEqual({
      apiGroups: [''],
      resources: ['secrets'],
      resourceNames: ['aws-credentials'],
      verbs: ['get'],
    });
    expect(JSON.stringify(one(await render(), 'Role'))).not.toContain('secrets');
  });
});

describe('versions', () => {
  it('chart appVersion = package.json version; the run’s default LIB_IMAGE = package.json’s image', async () => {
    const chart = parse(await readFile(join(chartDir(), 'Chart.yaml'), 'utf8')) as {
      appVersion: string;
    };
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      version: string;
      config: { image: string };
    };
    expect(chart.appVersion).toBe(pkg.version);
    expect(DEFAULT_LIB_IMAGE).toBe(`${pkg.config.image}:${pkg.version}`);
  });
});

describe('the ChaosExperiment', () => {
  it('runs `run` through tini as the image user, with the credentials secret only when named', async () => {
    const plain = one(await render(), 'ChaosExperiment') as { spec: { definition: Json } };
    expect(plain.spec.definition).toMatchObject({
      image: DEFAULT_LIB_IMAGE,
      command: ['tini', '--', 'ecs-http-chaos'],
      args: ['run'],
      securityContext: {
        podSecurityContext: { runAsNonRoot: true, runAsUser: 10001 },
        containerSecurityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
      },
    });
    expect(plain.spec.definition.secrets).toBeUndefined();
    expect(envOf(await render(), 'ChaosExperiment').map((item) => item.name)).not.toContain(
      'AWS_SHARED_CREDENTIALS_FILE',
    );

    const rendered = await render({ valuesFiles: [custom] });
    const withSecret = one(rendered, 'ChaosExperiment') as { spec: { definition: Json } };
    expect(withSecret.spec.definition.secrets).toEqual([
      { name: 'cloud-secret', mountPath: '/tmp/' },
    ]);
    expect(envOf(rendered, 'ChaosExperiment')).toContainEqual({
      name: 'AWS_SHARED_CREDENTIALS_FILE',
      value: '/tmp/cloud_config.yml',
    });
  });

  it('hands the run an env it accepts once an engine names the targets', () => {
    return render().then((text) => {
      const env = podEnv(envOf(text, 'ChaosExperiment'));
      const config = loadRunConfig(
        { ...env, CLUSTER_NAME: 'my-cluster', REGION: 'us-east-1', SERVICE_NAME: 'checkout' },
        random,
      );
      expect(config.fault).toMatchObject({ targetPort: 80, resetTimeoutMs: 10000 });
    });
  });

  it('carries the IRSA role on the ServiceAccount', async () => {
    const account = one(await render({ valuesFiles: [custom] }), 'ServiceAccount') as {
      metadata: { annotations: Record<string, string> };
    };
    expect(account.metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/ecs-http-chaos',
      team: 'platform',
    });
  });
});

describe('the standalone Job', () => {
  it('runs once, names its pod, and waits long enough for the revert', async () => {
    const rendered = await render({ valuesFiles: [custom] });
    const job = one(rendered, 'Job') as {
      spec: { backoffLimit: number; template: { spec: Json & { containers: Json[] } } };
    };
    expect(job.spec.backoffLimit).toBe(0);
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.terminationGracePeriodSeconds).toBe(300);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    expect(pod.containers[0]?.securityContext).toMatchObject({ readOnlyRootFilesystem: true });
    const env = envOf(rendered, 'Job');
    expect(env).toContainEqual({
      name: 'POD_NAME',
      valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
    });
    expect(env).toContainEqual({ name: 'TERMINATION_GRACE_PERIOD_SECONDS', value: '300' });
  });

  it('hands the run a valid configuration: targets, credentials file, probes file, grace', async () => {
    const env = podEnv(envOf(await render({ valuesFiles: [custom] }), 'Job'));
    const config = loadRunConfig(env, random);
    expect(config.aws.credentialsFile).toEqual({
      path: '/tmp/cloud_config.yml',
      source: 'explicit',
    });
    expect(config.output.probesFile).toBe('/etc/ecs-http-chaos/probes/probes.yaml');
    expect(config.litmus).toMatchObject({
      terminationGracePeriodSeconds: 300,
      podName: 'ecs-container-http-reset-peer-x7k2p',
      chaosNamespace: 'litmus',
    });
    expect(config.fault).toMatchObject({
      targetPort: 8080,
      proxyPort: 20001,
      resetTimeoutMs: 86_399_000,
      installDependencies: false,
      libImage:
        '123456789012.dkr.ecr.us-east-1.amazonaws.com/platform/ecs-http-chaos:0.1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    });
  });

  it('mounts the probes its PROBES_FILE names, in a form the run loads', async () => {
    const rendered = await render({ valuesFiles: [custom] });
    const configMap = one(rendered, 'ConfigMap') as { data: Record<string, string> };
    const folder = await mkdtemp(join(tmpdir(), 'ehc-ship-probes-'));
    try {
      const probesFile = join(folder, 'probes.yaml');
      await writeFile(probesFile, configMap.data['probes.yaml'] ?? '');
      const { probes } = await loadProbes({
        engine: undefined,
        experiment: 'ecs-container-http-reset-peer',
        probesFile,
        readEngine: undefined,
      });
      expect(probes.map((probe) => [probe.name, probe.type, probe.mode])).toEqual([
        ['checkout-health', 'httpProbe', 'Continuous'],
      ]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
