// cmdProbe with `source` against the real kube-apiserver (ADR 0160): the pod the run
// creates, with the Role the chart grants under probes.source.enabled, each of its rules
// proven necessary, and the pod deleted on every way out. With no node, a stand-in plays
// the kubelet (container state through pods/status, and the log: see kubelet-stand-in.ts).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ProbePods } from '../../../src/k8s/probe-pods.js';
import { RestClient } from '../../../src/k8s/rest.js';
import { ProbeError } from '../../../src/probes/probe-error.js';
import { startKubeApi, type KubeApi } from '../../../sandbox/kube/api-server.js';
import {
  createNamespace,
  createServiceAccount,
  serviceAccountWithRole,
  type RoleRule,
} from '../../../sandbox/kube/identities.js';
import { repositoryRoot } from '../../../sandbox/kube/paths.js';
import { TERMINATED, kubeletStandIn, type PodScript } from './kubelet-stand-in.js';
import { runFlow } from './run-flow.js';
import {
  EXPERIMENT,
  POD,
  POD_LABELS,
  createEngine,
  permissions,
  runnerEnv,
  shippedRules,
} from './world.js';

type Json = Record<string, unknown>;

let api: KubeApi | undefined;
const sourceRules = (
  parse(readFileSync(join(repositoryRoot(), 'test/fixtures/rbac/source-probes.yaml'), 'utf8')) as {
    rules: RoleRule[];
  }
).rules;

const kube = (): KubeApi => {
  if (api === undefined) throw new Error('the test API server did not start (see beforeAll)');
  return api;
};

beforeAll(async () => {
  api = await startKubeApi();
}, 180_000);

afterAll(async () => {
  await api?.stop();
}, 30_000);

const probe = (command: string) => ({
  name: 'orders',
  type: 'cmdProbe',
  mode: 'EOT',
  runProperties: { probeTimeout: '5s', interval: '1s' },
  'cmdProbe/inputs': {
    command,
    comparator: { type: 'int', criteria: '>=', value: '1' },
    source: { image: 'postgres:16', inheritInputs: true, labels: { team: 'payments' } },
  },
});

/** The experiment pod as the runner makes it: its env and the credentials secret volume. */
async function experimentPod(namespace: string): Promise<void> {
  const answer = await new RestClient(kube().admin).send({
    method: 'POST',
    path: `/api/v1/namespaces/${namespace}/pods`,
    body: {
      metadata: { name: POD, labels: POD_LABELS },
      spec: {
        serviceAccountName: 'ehc-experiment',
        automountServiceAccountToken: false,
        restartPolicy: 'Never',
        volumes: [{ name: 'cloud-secret', secret: { secretName: 'cloud-secret' } }],
        containers: [
          {
            name: POD_LABELS['job-name'],
            image: 'ecs-http-chaos:0.1.0',
            args: ['run'],
            env: [{ name: 'REGION', value: 'us-east-1' }],
            volumeMounts: [{ name: 'cloud-secret', mountPath: '/tmp/' }],
          },
        ],
      },
    },
    signal: AbortSignal.timeout(10_000),
  });
  expect(answer.status).toBe(201);
}

async function world(label: string, rules: readonly RoleRule[], command: string) {
  const namespace = await createNamespace(kube().admin, label);
  const account = await serviceAccountWithRole(kube(), namespace, 'ehc-experiment', rules);
  await experimentPod(namespace);
  const uid = await createEngine(kube().admin, namespace, [probe(command)]);
  const env = runnerEnv(namespace, uid, await kube().writeKubeconfig(account.token));
  return { namespace, uid, env };
}

async function probePodsLeft(namespace: string, uid: string): Promise<number> {
  const answer = await new RestClient(kube().admin).send({
    method: 'GET',
    path: `/api/v1/namespaces/${namespace}/pods?labelSelector=chaosUID%3D${uid}`,
    signal: AbortSignal.timeout(10_000),
  });
  return (answer.body as { items: unknown[] }).items.length;
}

async function withStandIn(
  at: { namespace: string; uid: string },
  script: (pod: Json) => PodScript,
  run: (log: (name: string) => Promise<string>) => Promise<unknown>,
) {
  const standIn = kubeletStandIn(kube().admin, at.namespace, at.uid, script);
  try {
    const outcome = await run(standIn.log).catch((error: unknown) => error);
    return { outcome, seen: standIn.seen };
  } finally {
    standIn.stop();
  }
}

describe('a cmdProbe with source, with the rules of probes.source.enabled', () => {
  it('runs its command in a pod of the image, as Litmus makes it; compares the log; deletes the pod', async () => {
    const at = await world('src-pass', [...shippedRules(), ...sourceRules], 'psql -tAc "select 1"');
    const { outcome, seen } = await withStandIn(
      at,
      () => ({ state: TERMINATED(0), log: '3\n' }),
      (podLog) => runFlow(at.env, [null, null], { windowMs: 50, podLog }),
    );
    expect((outcome as { outcome: { exitCode: number } }).outcome.exitCode).toBe(0);
    expect(seen).toHaveLength(1);
    const pod = seen[0] as { metadata: Json; spec: Json };
    expect(pod.metadata['name']).toMatch(new RegExp(`^${EXPERIMENT}-probe-[a-z0-9]{6}$`));
    expect(pod.metadata['labels']).toEqual({
      team: 'payments',
      name: pod.metadata['name'],
      chaosUID: at.uid,
    });
    expect(pod.spec).toMatchObject({
      restartPolicy: 'Never',
      serviceAccountName: 'ehc-experiment',
    });
    // The ServiceAccount admission adds its token volume beside the inherited secret.
    expect(pod.spec['volumes']).toContainEqual({
      name: 'cloud-secret',
      secret: { secretName: 'cloud-secret', defaultMode: 420 },
    });
    const [container] = pod.spec['containers'] as Json[];
    expect(container).toMatchObject({
      name: `${EXPERIMENT}-probe`,
      image: 'postgres:16',
      imagePullPolicy: 'Always',
      env: [{ name: 'REGION', value: 'us-east-1' }],
      securityContext: { privileged: false },
    });
    expect(container?.['volumeMounts']).toContainEqual({
      name: 'cloud-secret',
      mountPath: '/tmp/',
    });
    const command = container?.['command'] as string[];
    expect([command[0], command[1], command[3], command[4]]).toEqual([
      '/bin/sh',
      '-c',
      'ehc-probe',
      'psql -tAc "select 1"',
    ]);
    expect(command[2]).toContain('2>/dev/termination-log');
    const report = (outcome as { outcome: { probeStatuses: Json[] } }).outcome.probeStatuses;
    expect(report[0]).toMatchObject({
      status: { verdict: 'Passed', description: 'actual 3, expected >= 1' },
    });
    expect(await probePodsLeft(at.namespace, at.uid)).toBe(0);
  }, 60_000);

  it('a tool missing from the source image (exit 127) is an Error naming it; the pod is deleted', async () => {
    const at = await world('src-127', [...shippedRules(), ...sourceRules], 'psql -tAc "select 1"');
    const { outcome } = await withStandIn(
      at,
      () => ({ state: TERMINATED(127, 'sh: 1: psql: not found\n') }),
      (podLog) => runFlow(at.env, [null, null], { windowMs: 50, podLog }),
    );
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toContain(
      'CMD_PROBE_ERROR in phase post-chaos [probe orders]: the command needs psql that is not in the source image postgres:16',
    );
    expect(await probePodsLeft(at.namespace, at.uid)).toBe(0);
  }, 60_000);

  it('an image the kubelet cannot pull is an Error at once, not a failure of the target', async () => {
    const at = await world('src-pull', [...shippedRules(), ...sourceRules], 'true');
    const { outcome } = await withStandIn(
      at,
      () => ({ state: { waiting: { reason: 'ErrImagePull', message: 'manifest unknown' } } }),
      (podLog) => runFlow(at.env, [null, null], { windowMs: 50, podLog }),
    );
    expect((outcome as Error).message).toMatch(/cannot run: ErrImagePull: manifest unknown/);
    expect(await probePodsLeft(at.namespace, at.uid)).toBe(0);
  }, 60_000);

  it.each(
    permissions(sourceRules).map(
      (permission) => [`${permission.verb} ${permission.resource}`, permission] as const,
    ),
  )(
    'without %s: an Error before anything runs, naming the permission and the chart value',
    async (_name, permission) => {
      const label = `src-${permission.verb}-${permission.resource.replace('/', '-')}`;
      const at = await world(label, [...shippedRules(), ...permission.without], 'true');
      const { outcome, seen } = await withStandIn(
        at,
        () => ({ state: TERMINATED(0), log: '1' }),
        (podLog) => runFlow(at.env, [null, null], { windowMs: 50, podLog }),
      );
      const message = (outcome as Error).message;
      expect(message).toContain(`CMD_PROBE_ERROR in phase result-init`);
      expect(message).toContain(`forbidden: ${permission.verb} ${permission.resource} (`);
      expect(message).toContain('Set the chart value probes.source.enabled=true');
      expect(seen).toHaveLength(0);
    },
    60_000,
  );
});

describe('pod logs without a node', () => {
  it('the API server cannot serve them: the real adapter says so as a ProbeError, not a log', async () => {
    const namespace = await createNamespace(kube().admin, 'src-log');
    await createServiceAccount(kube().admin, namespace, 'default');
    const pods = new ProbePods(kube().admin, namespace);
    await pods.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'unscheduled' },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
      },
      AbortSignal.timeout(10_000),
    );
    const error = await pods
      .log('unscheduled', 'c', AbortSignal.timeout(10_000))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProbeError);
    // No node, no kubelet to ask: the server answers 204 without a body.
    expect((error as ProbeError).reason).toBe('get pods/log refused (HTTP 204)');
    await pods.remove('unscheduled', AbortSignal.timeout(10_000));
    expect(await pods.read('unscheduled', AbortSignal.timeout(10_000))).toBeUndefined();
  }, 60_000);
});
