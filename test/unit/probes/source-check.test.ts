// cmdProbe with `source` (ADR 0160): the pod each try creates, how its state and log make a
// verdict or an Error, and that the pod is deleted on every way out. The Kubernetes API is
// a fake of the port here; test/integration/k8s/source-probe.test.ts uses the real server.
import { describe, expect, it } from '@jest/globals';
import { evaluate } from '../../../src/probes/evaluate.js';
import { parseProbes } from '../../../src/probes/parse.js';
import { viewOf } from '../../../src/probes/pod-view.js';
import { ProbeError } from '../../../src/probes/probe-error.js';
import { sourceCheck, type ProbePodPort } from '../../../src/probes/source-check.js';
import { NO_EXPERIMENT_POD, contextOf, probePod } from '../../../src/probes/source-pod.js';
import type { CmdProbeInputs, ProbeDefinition } from '../../../src/probes/types.js';
import { FakeClock } from '../../support/fakes/clock.js';

const EXPERIMENT = 'ecs-container-http-reset-peer';

function probe(source: unknown, run: Record<string, unknown> = {}): ProbeDefinition {
  const [parsed] = parseProbes(
    [
      {
        name: 'orders-count',
        type: 'cmdProbe',
        mode: 'EOT',
        runProperties: { probeTimeout: '5s', interval: '1s', ...run },
        'cmdProbe/inputs': {
          command: 'psql -tAc "select count(*) from orders"',
          comparator: { type: 'int', criteria: '>=', value: '1' },
          source,
        },
      },
    ],
    'test',
    'result-init',
  );
  if (parsed === undefined) throw new Error('no probe');
  return parsed;
}

function cmdInputs(definition: ProbeDefinition): CmdProbeInputs {
  if (definition.type !== 'cmdProbe') throw new Error('not a cmdProbe');
  return definition.inputs;
}

/** The kubelet's part, scripted: each read returns the next pod state (the last repeats). */
function kubelet(states: readonly unknown[], log = '42\n') {
  const created: Record<string, unknown>[] = [];
  const removed: string[] = [];
  let reads = 0;
  const port: ProbePodPort = {
    create: (pod) => {
      created.push(pod);
      return Promise.resolve();
    },
    read: () => Promise.resolve(states[Math.min(reads++, states.length - 1)]),
    remove: (name) => {
      removed.push(name);
      return Promise.resolve();
    },
    log: () => Promise.resolve(log),
  };
  return { port, created, removed };
}

const container = (state: Record<string, unknown>) => ({
  status: { phase: 'Running', containerStatuses: [{ name: 'x', state }] },
});
const PENDING = { status: { phase: 'Pending' } };
const RUNNING = container({ running: { startedAt: '2026-11-25T12:00:00Z' } });
const ended = (exitCode: number, message = '', reason = 'Completed') =>
  container({ terminated: { exitCode, reason, message } });

function check(definition: ProbeDefinition, port: ProbePodPort, clock = new FakeClock()) {
  const source = cmdInputs(definition).source;
  if (source === undefined) throw new Error('inline');
  let ids = 0;
  return sourceCheck(cmdInputs(definition), source, definition.runProperties.probeTimeoutMs, {
    pods: port,
    clock,
    runId: () => `run00${String(++ids)}`,
    experiment: EXPERIMENT,
    chaosUid: 'uid-1',
    defaultPullPolicy: 'Always',
    startupMs: 180_000,
    pollMs: 500,
    context: () => Promise.resolve(NO_EXPERIMENT_POD),
    script: () => Promise.resolve('#!/bin/sh\nexec /bin/sh -c "$1"\n'),
    onRemoveFailure: () => undefined,
  });
}

const never = new AbortController().signal;

describe('source: how Litmus users write it', () => {
  it('absent or "inline" runs inline; an image string (2.x docs) or a mapping makes a pod', () => {
    expect(cmdInputs(probe(undefined)).source).toBeUndefined();
    expect(cmdInputs(probe('inline')).source).toBeUndefined();
    expect(cmdInputs(probe('postgres:16')).source).toMatchObject({
      image: 'postgres:16',
      hostNetwork: false,
      privileged: false,
    });
    const full = cmdInputs(
      probe({
        image: 'postgres:16',
        imagePullPolicy: 'IfNotPresent',
        hostNetwork: true,
        privileged: 'true',
        inheritInputs: true,
        env: [{ name: 'PGHOST', value: 'db' }],
        labels: { team: 'payments' },
        annotations: { note: 'x' },
        nodeSelector: { zone: 'a' },
        tolerations: [{ operator: 'Exists' }],
        imagePullSecrets: [{ name: 'regcred' }],
        volumes: [{ name: 'v', emptyDir: {} }],
        volumeMount: [{ name: 'v', mountPath: '/v' }],
        command: ['/bin/bash'],
        args: ['-c', 'sleep 10000'],
      }),
    ).source;
    expect(full).toMatchObject({
      imagePullPolicy: 'IfNotPresent',
      hostNetwork: true,
      privileged: true,
      inheritInputs: true,
      env: [{ name: 'PGHOST', value: 'db' }],
      volumeMounts: [{ name: 'v', mountPath: '/v' }],
      ignored: ['command', 'args'],
    });
  });

  it('refuses a source without an image, with a bad pull policy or badly shaped parts', () => {
    expect(() => probe({ imagePullPolicy: 'always', env: 'PGHOST=db', labels: { a: 1 } })).toThrow(
      /source\.image: is required.*source\.imagePullPolicy: "always" is not one of Always, IfNotPresent, Never.*source\.env: must be a list of mappings.*source\.labels: must be a mapping of strings/,
    );
  });
});

describe('the probe pod', () => {
  const source = cmdInputs(
    probe({ image: 'postgres:16', labels: { chaosUID: 'mine', team: 'p' } }),
  ).source!;
  const context = contextOf({
    metadata: { labels: { 'job-name': 'exp-job' } },
    spec: {
      serviceAccountName: 'ecs-container-http-reset-peer-sa',
      volumes: [
        { name: 'cloud-secret', secret: { secretName: 'cloud-secret' } },
        { name: 'kube-api-access', projected: {} },
      ],
      containers: [
        {
          name: 'exp-job',
          env: [{ name: 'REGION', value: 'eu-west-1' }],
          resources: { limits: { memory: '512Mi' } },
          volumeMounts: [
            { name: 'cloud-secret', mountPath: '/tmp/' },
            { name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' },
          ],
        },
      ],
    },
  });

  it('is named, labelled and run as litmus-go does, but runs the command itself, once', () => {
    const pod = probePod({
      name: `${EXPERIMENT}-probe-abc123`,
      experiment: EXPERIMENT,
      chaosUid: 'uid-1',
      source,
      command: 'echo 1',
      defaultPullPolicy: 'Always',
      context,
      activeDeadlineSeconds: 215,
      script: 'SCRIPT',
    });
    expect(pod).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${EXPERIMENT}-probe-abc123`,
        // The operator deletes pods labelled with the engine's uid on engine stop.
        labels: { team: 'p', name: `${EXPERIMENT}-probe-abc123`, chaosUID: 'uid-1' },
      },
      spec: {
        restartPolicy: 'Never',
        hostNetwork: false,
        activeDeadlineSeconds: 215,
        terminationGracePeriodSeconds: 1,
        serviceAccountName: 'ecs-container-http-reset-peer-sa',
        containers: [
          {
            name: `${EXPERIMENT}-probe`,
            image: 'postgres:16',
            imagePullPolicy: 'Always',
            command: ['/bin/sh', '-c', 'SCRIPT', 'ehc-probe', 'echo 1'],
            env: [],
            volumeMounts: [],
            securityContext: { privileged: false },
            terminationMessagePolicy: 'File',
            resources: { limits: { memory: '512Mi' } },
          },
        ],
      },
    });
  });

  it('inheritInputs copies the experiment container env and its secret volumes only', () => {
    const inherit = { ...source, inheritInputs: true, env: [{ name: 'MINE', value: '1' }] };
    const pod = probePod({
      name: 'p',
      experiment: EXPERIMENT,
      chaosUid: 'u',
      source: inherit,
      command: 'true',
      defaultPullPolicy: 'IfNotPresent',
      context,
      activeDeadlineSeconds: 1,
      script: 'S',
    }) as { spec: { volumes: unknown; containers: Record<string, unknown>[] } };
    expect(pod.spec.volumes).toEqual([
      { name: 'cloud-secret', secret: { secretName: 'cloud-secret' } },
    ]);
    expect(pod.spec.containers[0]).toMatchObject({
      env: [
        { name: 'REGION', value: 'eu-west-1' },
        { name: 'MINE', value: '1' },
      ],
      volumeMounts: [{ name: 'cloud-secret', mountPath: '/tmp/' }],
    });
  });

  it('reads the pod states a kubelet reports', () => {
    expect(viewOf(undefined)).toEqual({ state: 'gone' });
    expect(viewOf(PENDING)).toEqual({ state: 'pending', why: 'phase Pending' });
    expect(
      viewOf({
        status: {
          phase: 'Pending',
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message: '0/3 nodes',
            },
          ],
        },
      }),
    ).toEqual({ state: 'pending', why: 'Unschedulable: 0/3 nodes' });
    expect(viewOf(container({ waiting: { reason: 'ContainerCreating' } }))).toEqual({
      state: 'pending',
      why: 'ContainerCreating',
    });
    expect(
      viewOf(container({ waiting: { reason: 'ErrImagePull', message: 'not found' } })),
    ).toEqual({ state: 'cannot-start', why: 'ErrImagePull: not found' });
    expect(viewOf(RUNNING)).toEqual({ state: 'running' });
    expect(viewOf(ended(3, 'boom'))).toEqual({
      state: 'terminated',
      exitCode: 3,
      reason: 'Completed',
      message: 'boom',
    });
    expect(viewOf({ status: { phase: 'Failed', message: 'DeadlineExceeded' } })).toEqual({
      state: 'cannot-start',
      why: 'pod Failed: DeadlineExceeded',
    });
  });
});

describe('a source try', () => {
  const definition = probe({ image: 'postgres:16' });

  it('compares the log (stdout) once the command ended 0, then deletes the pod', async () => {
    const fake = kubelet([PENDING, RUNNING, ended(0)], ' 42 \n');
    expect(await check(definition, fake.port)(never)).toEqual({
      ok: true,
      description: 'actual 42, expected >= 1',
    });
    expect(fake.created).toHaveLength(1);
    expect(fake.removed).toEqual([`${EXPERIMENT}-probe-run001`]);
  });

  it('a non-zero exit fails the probe with the stderr the termination message holds', async () => {
    const fake = kubelet([ended(2, 'psql: could not connect to server\n')]);
    expect(await check(definition, fake.port)(never)).toEqual({
      ok: false,
      description: `pod ${EXPERIMENT}-probe-run001: command failed (exit status 2): psql: could not connect to server`,
    });
    expect(fake.removed).toHaveLength(1);
  });

  it('exit 127 is an Error naming the tool missing from the source image', async () => {
    const fake = kubelet([ended(127, 'sh: 1: psql: not found\n')]);
    const error = await check(definition, fake.port)(never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProbeError);
    expect((error as ProbeError).reason).toBe(
      'the command needs psql that is not in the source image postgres:16 (exit 127: sh: 1: psql: not found)',
    );
    expect(fake.removed).toHaveLength(1);
  });

  it('an image that cannot be pulled is an Error at once, not a failure of the target', async () => {
    const fake = kubelet([
      container({ waiting: { reason: 'ErrImagePull', message: 'manifest unknown' } }),
    ]);
    await expect(check(definition, fake.port)(never)).rejects.toThrow(
      `probe pod ${EXPERIMENT}-probe-run001 cannot run: ErrImagePull: manifest unknown`,
    );
    expect(fake.removed).toHaveLength(1);
  });

  it('a pod that never starts is an Error after STATUS_CHECK_TIMEOUT', async () => {
    const clock = new FakeClock();
    const fake = kubelet([PENDING]);
    await expect(check(definition, fake.port, clock)(never)).rejects.toThrow(
      /did not start within 180 s \(STATUS_CHECK_TIMEOUT\): phase Pending/,
    );
    expect(clock.sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(180_000);
  });

  it('probeTimeout counts from the running container, and a slow command fails', async () => {
    const clock = new FakeClock();
    const fake = kubelet([PENDING, PENDING, PENDING, RUNNING]);
    const result = await check(definition, fake.port, clock)(never);
    expect(result).toEqual({
      ok: false,
      description: `pod ${EXPERIMENT}-probe-run001: timed out after 5000 ms (probeTimeout)`,
    });
    // 3 polls pending, then 10 × 500 ms running: the 1.5 s of start-up did not count.
    expect(clock.sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(6500);
    expect(fake.removed).toHaveLength(1);
  });

  it('the run aborting deletes the pod too; each try has its own pod', async () => {
    const fake = kubelet([RUNNING]);
    const abort = new AbortController();
    const probeCheck = check(definition, fake.port);
    const pending = probeCheck(abort.signal);
    setImmediate(() => {
      abort.abort('SIGTERM');
    });
    await expect(pending).rejects.toThrow();
    expect(fake.removed).toEqual([`${EXPERIMENT}-probe-run001`]);
    const second = kubelet([ended(0)], '1');
    await check(definition, second.port)(never);
    expect(second.removed).toHaveLength(1);
  });

  it('start-up time is allowed on top of probeTimeout by the evaluation', async () => {
    const clock = new FakeClock();
    const fake = kubelet([PENDING, ended(0)], '7');
    const windows: number[] = [];
    const result = await evaluate(
      check(definition, fake.port, clock),
      definition.runProperties,
      {
        clock,
        timeout: (ms) => {
          windows.push(ms);
          return new AbortController().signal;
        },
      },
      never,
    );
    expect(result.ok).toBe(true);
    expect(windows).toEqual([5000 + 180_000]);
  });
});
