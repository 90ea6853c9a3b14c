// What litmus-go does with runProperties (initialDelay / initialDelaySeconds, verbosity,
// evaluationTimeout, stopOnFailure) and with a probe that cannot run at all (ADRs 0161, 0162).
import { describe, expect, it } from '@jest/globals';
import { ChaosError } from '../../../src/errors/index.js';
import { checkProbeAccess, type AccessCheck } from '../../../src/probes/access.js';
import { checkFor } from '../../../src/probes/checks.js';
import type { ProbeCheck } from '../../../src/probes/evaluate.js';
import { parseProbes } from '../../../src/probes/parse.js';
import { ProbeError } from '../../../src/probes/probe-error.js';
import { ProbeRunner } from '../../../src/probes/runner.js';
import type { ProbeDefinition } from '../../../src/probes/types.js';
import { checkEvent } from '../../../src/result/final-events.js';
import { FakeClock } from '../../support/fakes/clock.js';
import { captureLogger } from '../../support/fakes/logger.js';

function cmd(
  name: string,
  mode: string,
  run: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name,
    type: 'cmdProbe',
    mode,
    runProperties: { probeTimeout: '2s', interval: '1s', ...run },
    'cmdProbe/inputs': {
      command: 'echo 1',
      comparator: { type: 'int', criteria: '==', value: '1' },
      ...extra,
    },
  };
}

const parse = (...list: Record<string, unknown>[]): ProbeDefinition[] =>
  parseProbes(list, 'test', 'result-init');

function runner(
  probes: ProbeDefinition[],
  check: (probe: ProbeDefinition) => ProbeCheck,
  stopEngine?: (reason: string) => Promise<void>,
) {
  const { logger, lines } = captureLogger();
  const clock = new FakeClock();
  const probeRunner = new ProbeRunner({
    probes,
    checkFor: check,
    clock,
    logger,
    abort: new AbortController().signal,
    timeout: () => new AbortController().signal,
    ...(stopEngine === undefined ? {} : { stopEngine }),
  });
  return { probeRunner, lines, clock };
}

const turns = async (count: number): Promise<void> => {
  for (let turn = 0; turn < count; turn += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe('runProperties as Litmus reads them', () => {
  it('initialDelay (3.x) wins; initialDelaySeconds (2.x) alone is honoured as seconds', () => {
    const [modern, legacy, both, none] = parse(
      cmd('a', 'SOT', { initialDelay: '1m30s' }),
      cmd('b', 'SOT', { initialDelaySeconds: 30 }),
      cmd('c', 'SOT', { initialDelay: '2s', initialDelaySeconds: 30 }),
      cmd('d', 'SOT'),
    );
    expect(
      [modern, legacy, both, none].map((probe) => probe?.runProperties.initialDelayMs),
    ).toEqual([90_000, 30_000, 2000, 0]);
  });

  it('refuses an initialDelaySeconds that is not whole seconds and a bad evaluationTimeout', () => {
    expect(() =>
      parse(cmd('a', 'SOT', { initialDelaySeconds: '5s', evaluationTimeout: 'soon' })),
    ).toThrow(
      /runProperties\.initialDelaySeconds: "5s" must be a whole number of seconds.*runProperties\.evaluationTimeout: "soon" must be a duration/,
    );
  });

  it('keeps verbosity and evaluationTimeout (which only SLO probes use)', () => {
    const [probe] = parse(cmd('a', 'SOT', { verbosity: 'info', evaluationTimeout: '1m' }));
    expect(probe?.runProperties).toMatchObject({ verbosity: 'info', evaluationTimeoutMs: 60_000 });
  });

  it('verbosity info logs the first try of a probe only; unset logs every try', async () => {
    const probes = parse(
      cmd('quiet', 'Continuous', { verbosity: 'info', probePollingInterval: '1s' }),
      cmd('chatty', 'Continuous', { probePollingInterval: '1s' }),
    );
    const test = runner(probes, () => () => Promise.resolve({ ok: true, description: 'fine' }));
    await test.probeRunner.preChaos();
    await turns(20);
    await test.probeRunner.postChaos();
    const tries = (name: string): number =>
      test.lines.filter((line) => String(line['message']).startsWith(`probe ${name} try `)).length;
    expect(tries('quiet')).toBe(1);
    expect(tries('chatty')).toBeGreaterThan(2);
  });
});

describe('a probe that cannot run is an Error, never a failure blamed on the target', () => {
  it('inline: a tool missing from the image (exit 127) names the tool and the fix', async () => {
    const [probe] = parse({
      ...cmd('jq-check', 'SOT'),
      'cmdProbe/inputs': {
        command: 'echo {} | ehc-no-such-tool .status',
        comparator: { type: 'string', criteria: 'equal', value: 'ok' },
      },
    });
    const check = checkFor(probe!, { k8s: undefined, source: undefined });
    const error = await check(AbortSignal.timeout(5000)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProbeError);
    expect((error as ProbeError).reason).toMatch(
      /^the command needs ehc-no-such-tool that is not in the experiment image \(exit 127: .*ehc-no-such-tool: not found\)$/,
    );
    expect((error as ProbeError).fix).toContain('probes.source.enabled=true');
  });

  it('inline: any other non-zero exit stays a probe failure', async () => {
    const [probe] = parse({
      ...cmd('down', 'SOT'),
      'cmdProbe/inputs': {
        command: 'echo refused >&2; exit 7',
        comparator: { type: 'int', criteria: '==', value: '1' },
      },
    });
    const result = await checkFor(probe!, { k8s: undefined, source: undefined })(
      AbortSignal.timeout(5000),
    );
    expect(result).toEqual({ ok: false, description: 'command failed (exit status 7): refused' });
  });

  it('SOT: preChaos throws CMD_PROBE_ERROR in phase pre-chaos; the probe stays unevaluated', async () => {
    const test = runner(
      parse(cmd('tool', 'SOT')),
      () => () => Promise.reject(new ProbeError('the command needs jq', 'install it')),
    );
    const error = await test.probeRunner.preChaos().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChaosError);
    expect((error as ChaosError).toJSON()).toEqual({
      code: 'CMD_PROBE_ERROR',
      phase: 'pre-chaos',
      target: 'probe tool',
      reason: 'the command needs jq',
      fix: 'install it',
    });
    expect(test.probeRunner.report().statuses[0]?.status.verdict).toBe('Awaited');
  });

  it('OnChaos: the loop ends and post-chaos throws before EOT runs (litmus-go PostChaos)', async () => {
    const calls: string[] = [];
    const test = runner(parse(cmd('during', 'OnChaos'), cmd('after', 'EOT')), (probe) => () => {
      calls.push(probe.name);
      return probe.name === 'during'
        ? Promise.reject(new ProbeError('probe pod cannot run: ErrImagePull', 'fix the image'))
        : Promise.resolve({ ok: true, description: 'fine' });
    });
    await test.probeRunner.preChaos();
    const now = test.clock.now();
    test.probeRunner.startOnChaos({ startMs: now, endMs: now + 10_000 });
    await turns(10);
    await expect(test.probeRunner.postChaos()).rejects.toThrow(
      'CMD_PROBE_ERROR in phase chaos [probe during]: probe pod cannot run: ErrImagePull',
    );
    expect(calls).toEqual(['during']);
  });
});

describe('stopOnFailure stops the ChaosEngine', () => {
  it('once, when the run settles after the failure (after the revert)', async () => {
    const stops: string[] = [];
    const test = runner(
      parse(cmd('guard', 'SOT', { stopOnFailure: true })),
      () => () => Promise.resolve({ ok: false, description: 'ECONNRESET' }),
      (reason) => {
        stops.push(reason);
        return Promise.resolve();
      },
    );
    await test.probeRunner.preChaos();
    expect(test.probeRunner.stopSignal.aborted).toBe(true);
    expect(stops).toEqual([]);
    await test.probeRunner.settle();
    await test.probeRunner.settle();
    expect(stops).toEqual(['probe guard failed with stopOnFailure']);
  });

  it('not for a failure without stopOnFailure; a refused patch is logged, not thrown', async () => {
    const stops: string[] = [];
    const plain = runner(
      parse(cmd('plain', 'SOT')),
      () => () => Promise.resolve({ ok: false, description: 'down' }),
      (reason) => {
        stops.push(reason);
        return Promise.resolve();
      },
    );
    await plain.probeRunner.preChaos();
    await plain.probeRunner.settle();
    expect(stops).toEqual([]);
    const refused = runner(
      parse(cmd('guard', 'SOT', { stopOnFailure: true })),
      () => () => Promise.resolve({ ok: false, description: 'down' }),
      () => Promise.reject(new Error('forbidden: patch chaosengines')),
    );
    await refused.probeRunner.preChaos();
    await refused.probeRunner.settle();
    expect(
      refused.lines.some(
        (line) =>
          line['level'] === 'error' &&
          String(line['message']).includes('the ChaosEngine could not be stopped'),
      ),
    ).toBe(true);
  });
});

describe('the rights probes need, checked before the run', () => {
  const source = parse(cmd('db', 'EOT', {}, { source: { image: 'postgres:16' } }));
  const stopper = parse(cmd('guard', 'OnChaos', { stopOnFailure: true }));

  it('source pods need pods create/get/delete and pods/log get; the fix names the chart value', async () => {
    const asked: AccessCheck[] = [];
    const error = await checkProbeAccess(source, { engine: 'e', namespace: 'litmus' }, (check) => {
      asked.push(check);
      return Promise.resolve(check.resource !== 'pods/log');
    }).catch((caught: unknown) => caught);
    expect(asked.map((check) => `${check.verb} ${check.resource}`)).toEqual([
      'create pods',
      'get pods',
      'delete pods',
      'get pods/log',
    ]);
    expect((error as ChaosError).toJSON()).toMatchObject({
      code: 'CMD_PROBE_ERROR',
      phase: 'result-init',
      reason:
        "forbidden: get pods/log (a SelfSubjectAccessReview for this run's credentials says no)",
    });
    expect((error as ChaosError).fix).toContain(
      'Set the chart value probes.source.enabled=true for cmdProbe db (source pods): it grants get pods/log in namespace litmus',
    );
  });

  it('stopOnFailure needs patch on the engine, only when there is one', async () => {
    const deny = () => Promise.resolve(false);
    await expect(
      checkProbeAccess(stopper, { engine: undefined, namespace: 'litmus' }, deny),
    ).resolves.toBeUndefined();
    await expect(
      checkProbeAccess(stopper, { engine: 'e', namespace: 'litmus' }, deny),
    ).rejects.toThrow(
      /forbidden: patch chaosengines\.litmuschaos\.io .*Grant the experiment's ServiceAccount "patch" on "chaosengines\.litmuschaos\.io" in namespace litmus/,
    );
  });

  it('a server that cannot answer the review lets the run go on (the first call will tell)', async () => {
    await expect(
      checkProbeAccess([...source, ...stopper], { engine: 'e', namespace: 'n' }, () =>
        Promise.resolve(undefined),
      ),
    ).resolves.toBeUndefined();
  });
});

describe('PreChaosCheck / PostChaosCheck messages', () => {
  it('read as litmus-go writes them', () => {
    expect(checkEvent({ steady: true, probesPassed: undefined })).toEqual({
      type: 'Normal',
      message: 'AUT: Running',
    });
    expect(checkEvent({ steady: true, probesPassed: true })).toEqual({
      type: 'Normal',
      message: 'AUT: Running, Probes: Successful',
    });
    expect(checkEvent({ steady: true, probesPassed: false })).toEqual({
      type: 'Warning',
      message: 'AUT: Running, Probes: Unsuccessful',
    });
    expect(checkEvent({ steady: false, probesPassed: undefined })).toEqual({
      type: 'Warning',
      message: 'AUT: Not Running',
    });
  });
});
