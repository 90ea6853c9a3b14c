import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { k8sCheck, type K8sProbePort } from '../../../src/probes/k8s-check.js';
import { parseProbes } from '../../../src/probes/parse.js';
import { loadProbes } from '../../../src/probes/source.js';
import type { K8sProbeInputs, K8sResourceRef } from '../../../src/probes/types.js';

let folder = '';
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ehc-unit-sources-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const run = { probeTimeout: '2s', interval: '1s' };
const cmd = (name: string) => ({
  name,
  type: 'cmdProbe',
  mode: 'SOT',
  runProperties: run,
  'cmdProbe/inputs': { command: 'true', comparator: { type: 'int', criteria: '==', value: '0' } },
});
const engine = {
  apiVersion: 'litmuschaos.io/v1alpha1',
  kind: 'ChaosEngine',
  spec: {
    experiments: [
      { name: 'other', spec: { probe: [cmd('wrong')] } },
      { name: 'ecs-container-http-reset-peer', spec: { probe: [cmd('mine')] } },
    ],
  },
};

describe('where probes come from', () => {
  it('the ChaosEngine entry named EXPERIMENT_NAME, when CHAOSENGINE is set', async () => {
    const found = await loadProbes({
      engine: 'shop',
      experiment: 'ecs-container-http-reset-peer',
      probesFile: undefined,
      readEngine: (name) => Promise.resolve(name === 'shop' ? engine : undefined),
    });
    expect(found.source).toBe('ChaosEngine shop');
    expect(found.probes.map((probe) => probe.name)).toEqual(['mine']);
  });

  it('a missing engine or experiment entry is a clear configuration error', async () => {
    const options = { experiment: 'ecs-container-http-reset-peer', probesFile: undefined };
    await expect(
      loadProbes({ ...options, engine: 'gone', readEngine: () => Promise.resolve(undefined) }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      reason: 'the ChaosEngine named by CHAOSENGINE does not exist',
    });
    await expect(
      loadProbes({
        ...options,
        experiment: 'typo',
        engine: 'shop',
        readEngine: () => Promise.resolve(engine),
      }),
    ).rejects.toMatchObject({
      reason: 'spec.experiments has no entry named typo (EXPERIMENT_NAME)',
    });
  });

  it('PROBES_FILE as YAML (a list or {probe: [...]}) or JSON without a Kubernetes API', async () => {
    await writeFile(
      join(folder, 'list.yaml'),
      `- name: a\n  type: cmdProbe\n  mode: EOT\n  runProperties: {probeTimeout: 2s, interval: 1s}\n  cmdProbe/inputs:\n    command: echo 1\n    comparator: {type: int, criteria: "==", value: "1"}\n`,
    );
    await writeFile(join(folder, 'wrapped.json'), JSON.stringify({ probe: [cmd('b')] }));
    const none = { engine: undefined, experiment: 'x', readEngine: undefined };
    expect(
      (await loadProbes({ ...none, probesFile: join(folder, 'list.yaml') })).probes[0]?.name,
    ).toBe('a');
    expect(
      (await loadProbes({ ...none, probesFile: join(folder, 'wrapped.json') })).probes[0]?.name,
    ).toBe('b');
    expect(await loadProbes({ ...none, probesFile: undefined })).toEqual({
      probes: [],
      source: 'none',
    });
    await expect(
      loadProbes({ ...none, probesFile: join(folder, 'absent.yaml') }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      target: `PROBES_FILE ${join(folder, 'absent.yaml')}`,
    });
  });

  it('reads bodyPath once at load; an unreadable one is a configuration error naming it', async () => {
    const post = (name: string, bodyPath: string) => ({
      name,
      type: 'httpProbe',
      mode: 'SOT',
      runProperties: run,
      'httpProbe/inputs': {
        url: 'http://127.0.0.1:9/',
        method: { post: { bodyPath, criteria: '==', responseCode: '200' } },
      },
    });
    await writeFile(join(folder, 'body.json'), '{"sku":"42"}');
    await writeFile(
      join(folder, 'good.json'),
      JSON.stringify([post('ok', join(folder, 'body.json'))]),
    );
    await writeFile(
      join(folder, 'bad.json'),
      JSON.stringify([post('lost', join(folder, 'none.json'))]),
    );
    const none = { engine: undefined, experiment: 'x', readEngine: undefined };
    const [loaded] = (await loadProbes({ ...none, probesFile: join(folder, 'good.json') })).probes;
    expect(loaded?.type === 'httpProbe' && loaded.inputs.body).toBe('{"sku":"42"}');
    await expect(
      loadProbes({ ...none, probesFile: join(folder, 'bad.json') }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      target: `PROBES_FILE ${join(folder, 'bad.json')} probe lost bodyPath`,
    });
  });

  it('a k8sProbe without a Kubernetes API is refused before anything runs', async () => {
    await writeFile(
      join(folder, 'k8s.json'),
      JSON.stringify([
        {
          name: 'pods',
          type: 'k8sProbe',
          mode: 'SOT',
          runProperties: run,
          'k8sProbe/inputs': { version: 'v1', resource: 'pods', operation: 'present' },
        },
      ]),
    );
    await expect(
      loadProbes({
        engine: undefined,
        experiment: 'x',
        readEngine: undefined,
        probesFile: join(folder, 'k8s.json'),
      }),
    ).rejects.toMatchObject({
      reason: 'k8sProbe pods needs a Kubernetes API, and none is configured',
    });
  });
});

/** A cluster of named objects per resource, enough to check the four operations. */
class FakeCluster implements K8sProbePort {
  readonly objects = new Map<string, Set<string>>([['pods', new Set(['web-1', 'web-2'])]]);
  list = (ref: K8sResourceRef) => Promise.resolve([...(this.objects.get(ref.resource) ?? [])]);
  exists = (ref: K8sResourceRef, name: string) =>
    Promise.resolve(this.objects.get(ref.resource)?.has(name) ?? false);
  create = (ref: K8sResourceRef, manifest: Readonly<Record<string, unknown>>) => {
    const name = (manifest['metadata'] as { name: string }).name;
    if (ref.resource === 'secrets')
      return Promise.reject(new Error('forbidden: create secrets: no'));
    this.objects.set(ref.resource, new Set([...(this.objects.get(ref.resource) ?? []), name]));
    return Promise.resolve(name);
  };
  remove = (ref: K8sResourceRef, name: string) => {
    this.objects.get(ref.resource)?.delete(name);
    return Promise.resolve();
  };
}

function inputs(extra: Record<string, unknown>, data?: string): K8sProbeInputs {
  const [probe] = parseProbes(
    [
      {
        name: 'k',
        type: 'k8sProbe',
        mode: 'SOT',
        runProperties: run,
        ...(data === undefined ? {} : { data }),
        'k8sProbe/inputs': { version: 'v1', resource: 'pods', namespace: 'shop', ...extra },
      },
    ],
    't',
    'pre-chaos',
  );
  if (probe?.type !== 'k8sProbe') throw new Error('k8sProbe expected');
  return probe.inputs;
}

describe('k8sProbe operations', () => {
  const signal = new AbortController().signal;

  it('present / absent by selectors or by resourceNames', async () => {
    const cluster = new FakeCluster();
    expect(
      (await k8sCheck(inputs({ operation: 'present', labelSelector: 'app=web' }), cluster, signal))
        .ok,
    ).toBe(true);
    expect(
      (
        await k8sCheck(
          inputs({ operation: 'present', resourceNames: 'web-1,web-9' }),
          cluster,
          signal,
        )
      ).ok,
    ).toBe(false);
    expect(
      (await k8sCheck(inputs({ operation: 'absent', resourceNames: 'web-9' }), cluster, signal)).ok,
    ).toBe(true);
    expect(await k8sCheck(inputs({ operation: 'absent' }), cluster, signal)).toEqual({
      ok: false,
      description: '2 pods/v1 in shop still present (web-1, web-2)',
    });
  });

  it('create from data, delete what matches (none is a failure), API refusals are failures', async () => {
    const cluster = new FakeCluster();
    expect(
      (await k8sCheck(inputs({ operation: 'create' }, 'metadata: {name: web-3}'), cluster, signal))
        .description,
    ).toBe('created pods/v1 in shop web-3');
    expect(
      (await k8sCheck(inputs({ operation: 'delete', resourceNames: 'web-1' }), cluster, signal)).ok,
    ).toBe(true);
    expect(cluster.objects.get('pods')).toEqual(new Set(['web-2', 'web-3']));
    expect(
      (await k8sCheck(inputs({ operation: 'delete', resourceNames: 'web-1' }), cluster, signal)).ok,
    ).toBe(false);
    const refused = await k8sCheck(
      { ...inputs({ operation: 'create' }, 'metadata: {name: s}'), resource: 'secrets' },
      cluster,
      signal,
    );
    expect(refused).toEqual({
      ok: false,
      description: 'create secrets/v1 in shop: forbidden: create secrets: no',
    });
    expect((await k8sCheck(inputs({ operation: 'present' }), undefined, signal)).ok).toBe(false);
  });
});
