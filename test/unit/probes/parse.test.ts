import { describe, expect, it } from '@jest/globals';
import { ChaosError } from '../../../src/errors/index.js';
import { parseProbes } from '../../../src/probes/parse.js';

const run = { probeTimeout: '2s', interval: '1s' };

function problems(list: unknown): string {
  try {
    parseProbes(list, 'PROBES_FILE probes.yaml', 'result-init');
  } catch (error) {
    expect(error).toBeInstanceOf(ChaosError);
    expect((error as ChaosError).code).toBe('CONFIG_INVALID');
    return (error as ChaosError).reason;
  }
  throw new Error('expected the probes to be refused');
}

describe('probe definitions', () => {
  it('reads every type with the Litmus field names', () => {
    const probes = parseProbes(
      [
        {
          name: 'checkout-up',
          type: 'httpProbe',
          mode: 'OnChaos',
          runProperties: {
            probeTimeout: '500ms',
            interval: '1s',
            attempt: 3,
            probePollingInterval: '2s',
            initialDelay: '1s',
            stopOnFailure: true,
          },
          'httpProbe/inputs': {
            url: 'https://checkout.internal/health',
            insecureSkipVerify: true,
            method: { get: { criteria: '==', responseCode: '200' } },
          },
        },
        {
          name: 'order',
          type: 'httpProbe',
          mode: 'SOT',
          runProperties: { probeTimeout: 5, interval: 1, retry: 2 },
          'httpProbe/inputs': {
            url: 'http://orders:8080/',
            method: {
              post: {
                contentType: 'application/json',
                body: '{}',
                criteria: 'oneOf',
                responseCode: '200,201',
              },
            },
          },
        },
        {
          name: 'queue',
          type: 'cmdProbe',
          mode: 'Edge',
          runProperties: run,
          'cmdProbe/inputs': {
            command: 'echo 3',
            comparator: { type: 'int', criteria: '<=', value: '10' },
          },
        },
        {
          name: 'pods',
          type: 'k8sProbe',
          mode: 'Continuous',
          runProperties: run,
          'k8sProbe/inputs': {
            version: 'v1',
            resource: 'pods',
            namespace: 'shop',
            labelSelector: 'app=checkout',
            operation: 'present',
          },
        },
        {
          name: 'errors',
          type: 'promProbe',
          mode: 'EOT',
          runProperties: run,
          'promProbe/inputs': {
            endpoint: 'http://prometheus:9090',
            query: 'sum(rate(errors[1m]))',
            comparator: { criteria: '<', value: '0.5' },
          },
        },
      ],
      'ChaosEngine e',
      'result-init',
    );
    expect(probes.map((probe) => [probe.name, probe.type, probe.mode])).toEqual([
      ['checkout-up', 'httpProbe', 'OnChaos'],
      ['order', 'httpProbe', 'SOT'],
      ['queue', 'cmdProbe', 'Edge'],
      ['pods', 'k8sProbe', 'Continuous'],
      ['errors', 'promProbe', 'EOT'],
    ]);
    expect(probes[0]?.runProperties).toEqual({
      probeTimeoutMs: 500,
      intervalMs: 1000,
      attempts: 3,
      pollingIntervalMs: 2000,
      initialDelayMs: 1000,
      stopOnFailure: true,
    });
    // Integers are seconds (Litmus 2.x); legacy `retry` counts total tries; polling defaults to interval.
    expect(probes[1]?.runProperties).toMatchObject({
      probeTimeoutMs: 5000,
      attempts: 2,
      pollingIntervalMs: 1000,
      stopOnFailure: false,
    });
    const order = probes[1];
    if (order?.type !== 'httpProbe') throw new Error('order is an httpProbe');
    expect(order.inputs).toMatchObject({
      method: 'POST',
      contentType: 'application/json',
      body: '{}',
    });
    const pods = probes[3];
    if (pods?.type !== 'k8sProbe') throw new Error('pods is a k8sProbe');
    expect(pods.inputs).toMatchObject({
      group: '',
      version: 'v1',
      resource: 'pods',
      namespace: 'shop',
      resourceNames: [],
    });
  });

  it('no probe list at all is no probes', () => {
    expect(parseProbes(undefined, 'x', 'result-init')).toEqual([]);
  });

  it('lists every problem with its path, at once', () => {
    const reason = problems([
      { name: 'a', type: 'httpprobe', mode: 'onchaos', runProperties: run },
      {
        name: 'b',
        type: 'httpProbe',
        mode: 'SOT',
        runProperties: { interval: '1s' },
        'httpProbe/inputs': {
          url: 'ftp://x',
          method: { get: { criteria: '==', responseCode: '2xx' } },
        },
      },
      {
        name: 'c',
        type: 'cmdProbe',
        mode: 'EOT',
        runProperties: { probeTimeout: '1 s', interval: '1s' },
        'cmdProbe/inputs': {
          command: 'true',
          source: { image: 'busy box', imagePullPolicy: 'always' },
          comparator: { type: 'bool', criteria: '==', value: '1' },
        },
      },
      {
        name: 'c',
        type: 'promProbe',
        mode: 'EOT',
        runProperties: run,
        'promProbe/inputs': {
          endpoint: 'http://p:9090',
          comparator: { criteria: '>', value: '1' },
        },
      },
      {
        name: 'd',
        type: 'k8sProbe',
        mode: 'SOT',
        runProperties: run,
        'k8sProbe/inputs': { version: 'v1', resource: 'Pods', operation: 'create' },
      },
      'not a mapping',
    ]);
    for (const expected of [
      'probe[0] "a".type: "httpprobe" is not one of httpProbe, cmdProbe, k8sProbe, promProbe (exact case)',
      'probe[0] "a".mode: "onchaos" is not one of SOT, EOT, Edge, Continuous, OnChaos (exact case)',
      'probe[1] "b".runProperties.probeTimeout: is required',
      'probe[1] "b".httpProbe/inputs.url: must be an http:// or https:// URL',
      'probe[1] "b".httpProbe/inputs.method.get.criteria: value "2xx" must be a whole number',
      'probe[2] "c".runProperties.probeTimeout: "1 s" must be a duration',
      'probe[2] "c".cmdProbe/inputs.source.image: "busy box" must be an image reference',
      'probe[2] "c".cmdProbe/inputs.comparator.type: "bool" is not one of int, float, string',
      'probe[3] "c".promProbe/inputs.query: exactly one of query or queryPath is required',
      'probe[4] "d".k8sProbe/inputs.resource: must be the plural lower-case resource name',
      'probe[4] "d".data: is required',
      'probe[5]: must be a mapping, got "not a mapping"',
    ]) {
      expect(reason).toContain(expected);
    }
  });

  it('refuses two probes with one name (statuses are keyed by name)', () => {
    const probe = {
      name: 'same',
      type: 'cmdProbe',
      mode: 'SOT',
      runProperties: run,
      'cmdProbe/inputs': {
        command: 'true',
        comparator: { type: 'string', criteria: 'equal', value: 'ok' },
      },
    };
    expect(problems([probe, { ...probe, mode: 'EOT' }])).toContain(
      'probe[1] "same": the name is used twice',
    );
  });

  it('refuses both method.get and method.post, and a probe list that is not a list', () => {
    expect(
      problems([
        {
          name: 'x',
          type: 'httpProbe',
          mode: 'SOT',
          runProperties: run,
          'httpProbe/inputs': {
            url: 'http://a',
            method: {
              get: { criteria: '==', responseCode: '200' },
              post: { criteria: '==', responseCode: '200' },
            },
          },
        },
      ]),
    ).toContain('exactly one of method.get or method.post is required');
    expect(problems({ probe: 'x' })).toContain('probe: must be a list, got a mapping');
  });
});
