// The simulated host (ADR 0191) against the real host script's output contract: every line
// it writes has the keys, in order, and the value kinds of host.sh's own printf template
// for that event; the executor's parser reads all of it without an ignored line and the
// executor's verdict holds for each mode; and where the real script can run without
// Docker (a rejected payload, an inject naming no target here) the bytes are identical.
// A change to host.sh's lines, to the parser or to the simulator fails here.
import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FaultConfig } from '../../../src/config/run-config.js';
import { hostOutcome } from '../../../src/dispatch/host-outcome.js';
import { commandTextFor } from '../../../src/experiment/commands.js';
import type { Target } from '../../../src/experiment/types.js';
import { parseHostOutput } from '../../../src/host/payload-output.js';
import type { PayloadMode } from '../../../src/host/payload.js';
import { SimulatedHosts, type HostRun } from '../../../sandbox/emulator/ssm/simulated-host.js';
import { ec2Id, target } from '../experiment/fixtures.js';

const SCRIPT = readFileSync(join(resolve('.'), 'src/host/host.sh'), 'utf8');

interface Field {
  readonly key: string;
  readonly quoted: boolean;
}
const fieldsOf = (text: string, value: string): Field[] =>
  [...text.matchAll(new RegExp(`"([A-Za-z]+)":("?)(${value})`, 'g'))].map((f) => ({
    key: f[1]!,
    quoted: f[2] === '"',
  }));

/**
 * Each event's keys and whether host.sh quotes the value ("%s") or not (%s). The status
 * line also carries, where a bare %s sits, the fields its `docker inspect --format` prints
 * when the target has a proxy (ADR 0140): that event has two shapes.
 */
function templates(): Map<string, Field[][]> {
  const found = new Map<string, Field[][]>();
  const docker = /--format '("proxy":[^']*)'/.exec(SCRIPT)?.[1] ?? '';
  for (const match of SCRIPT.matchAll(/printf '(\{"event":"([a-z]+)"[^']*)'/g)) {
    const text = match[1]!;
    const bare = text.indexOf(',%s"');
    if (bare === -1) {
      found.set(match[2]!, [fieldsOf(text, '%s|[a-z"]+')]);
      continue;
    }
    const [before, after] = [text.slice(0, bare + 1), text.slice(bare + 3)];
    const [head, tail] = [fieldsOf(before, '%s|[a-z"]+'), fieldsOf(after, '%s|[a-z"]+')];
    found.set(match[2]!, [
      [...head, ...tail],
      [...head, ...fieldsOf(docker, '\\{\\{'), ...tail],
    ]);
  }
  return found;
}

const FAULT: FaultConfig = {
  targetPort: 80,
  proxyPort: 20000,
  resetTimeoutMs: 1000,
  networkInterface: 'auto',
  toxicity: 100,
  durationSeconds: 30,
  sequence: 'parallel',
  rampSeconds: 0,
  installDependencies: false,
  libImage: 'ecs-http-chaos:dev',
  libImagePullPolicy: 'IfNotPresent',
  drainSeconds: 1,
  reaperGraceSeconds: 120,
  watchIntervalSeconds: 10,
};
const HOST = ec2Id(1);
const TARGETS: Target[] = [target(1, 1), target(2, 1, 'sidecar'), target(3, 2)];
const NOW = 1_767_225_600_000;

function commands(mode: PayloadMode, unitId = 'exp-1', deadlineMs = NOW + 30_000) {
  return commandTextFor({ fault: FAULT, unitId, mode, targets: TARGETS, deadlineMs }, SCRIPT);
}

function expectTemplateShape(run: HostRun): void {
  const shapes = templates();
  const lines = run.stdout.split('\n').filter((line) => line !== '');
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    const keys = Object.keys(parsed);
    const shape = shapes
      .get(String(parsed['event']))
      ?.find((fields) => fields.map((field) => field.key).join() === keys.join());
    expect([keys, shape === undefined]).toEqual([keys, false]);
    for (const field of shape!) {
      expect([field.key, typeof parsed[field.key] === 'string']).toEqual([field.key, field.quoted]);
    }
  }
}

describe('host.sh templates (what the comparison rests on)', () => {
  it('finds a printf template for every event of ADR 0002', () => {
    expect(
      templates()
        .get('status')?.[1]
        ?.map((field) => field.key),
    ).toContain('restarts');
    expect([...templates().keys()].sort()).toEqual([
      'error',
      'ready',
      'reverted',
      'status',
      'summary',
    ]);
  });
});

describe('the simulated host answers as host.sh does', () => {
  it('inject, status, revert, a late inject: every line as host.sh writes it, read whole', () => {
    let now = NOW;
    const hosts = new SimulatedHosts(() => now);
    const runs: [PayloadMode, HostRun][] = [];
    for (const mode of ['inject', 'status', 'revert', 'inject'] as const) {
      runs.push([mode, hosts.run(HOST, commands(mode))]);
      now += 5_000;
    }
    for (const [mode, run] of runs) {
      expectTemplateShape(run);
      const report = parseHostOutput(run.stdout, { instanceId: HOST });
      expect([mode, report.ignoredCount, report.summary?.mode]).toEqual([mode, 0, mode]);
    }
    const outcome = (index: number) => {
      const [mode, run] = runs[index]!;
      const invocation = {
        status: run.exitCode === 0 ? 'Success' : 'Failed',
        statusDetails: '',
        responseCode: run.exitCode,
        stdout: run.stdout,
        stderr: run.stderr,
      } as const;
      return hostOutcome(mode, HOST, { kind: 'ended', invocation }, TARGETS);
    };
    expect([0, 1, 2].map((i) => outcome(i).ok)).toEqual([true, true, true]);
    expect(outcome(3)).toMatchObject({ ok: false, step: 'tombstone' });
    const reverted = parseHostOutput(runs[2]![1].stdout, { instanceId: HOST });
    expect([...reverted.targets.values()].map((t) => t.reverted[0]?.counters?.resets)).toEqual([
      20, 20,
    ]);
  });

  it('status reads running, then exited past the deadline, absent for another chaos id', () => {
    let now = NOW;
    const hosts = new SimulatedHosts(() => now);
    hosts.run(HOST, commands('inject'));
    const states = (unit: string) =>
      [...parseHostOutput(hosts.run(HOST, commands('status', unit)).stdout).targets.values()].map(
        (t) => t.state,
      );
    expect(states('exp-1')).toEqual(['running', 'running']);
    const seen = parseHostOutput(hosts.run(HOST, commands('status')).stdout).events;
    for (const event of seen.filter((e) => e.event === 'status')) {
      // The watch (ADR 0140) reads the docker fields and the host's clock from each line.
      expect(event).toMatchObject({
        container: expect.any(String),
        atMs: NOW,
        proxy: { restarts: 0 },
      });
    }
    expect(states('exp-2')).toEqual(['absent', 'absent']);
    now += 31_000;
    expect(states('exp-1')).toEqual(['exited', 'exited']);
  });

  it('refuses a deadline under 3 s away per target, as host.sh does', () => {
    const run = new SimulatedHosts(() => NOW).run(HOST, commands('inject', 'exp-1', NOW + 2_500));
    expectTemplateShape(run);
    expect(run.exitCode).toBe(1);
    expect(parseHostOutput(run.stdout).targets.size).toBe(2);
  });
});

function runRealScript(commandText: readonly [string, string]): Promise<HostRun> {
  return new Promise((done) => {
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      AWS_SSM_INSTANCE_ID: ec2Id(9),
      DOCKER_HOST: 'unix:///nonexistent/ehc-unit.sock',
      ECS_HTTP_CHAOS_STATE_DIR: '/nonexistent/ehc-unit-state',
    };
    execFile('sh', ['-c', commandText.join('\n')], { env }, (error, stdout, stderr) => {
      const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      done({ mode: undefined, exitCode, stdout, stderr });
    });
  });
}

describe('byte for byte with the real script where it needs no Docker', () => {
  it('an inject that names no target on this host', async () => {
    const text = commands('inject');
    const real = await runRealScript(text);
    const simulated = new SimulatedHosts(() => NOW).run(ec2Id(9), text);
    expect([simulated.exitCode, simulated.stdout]).toEqual([real.exitCode, real.stdout]);
    expect(simulated.stderr).toBe(real.stderr);
  });

  it.each([["P='not base64!'"], ["P='abc'"], ["P=''"], [': no assignment']])(
    'a payload refused before anything runs: %s',
    async (first) => {
      const text = [first, SCRIPT] as const;
      const real = await runRealScript(text);
      const simulated = new SimulatedHosts(() => NOW).run(ec2Id(9), text);
      expectTemplateShape(real);
      expect([simulated.exitCode, simulated.stdout]).toEqual([real.exitCode, real.stdout]);
    },
  );

  it('a field breaking its rule: the same step and exit code', async () => {
    const good = commands('inject');
    const decoded = Buffer.from(good[0].slice(3, -1), 'base64').toString('utf8');
    const bad = Buffer.from(decoded.replace('\tbridge\t', '\thost\t'), 'utf8').toString('base64');
    const text = [`P='${bad}'`, SCRIPT] as const;
    const real = await runRealScript(text);
    const simulated = new SimulatedHosts(() => NOW).run(ec2Id(9), text);
    expectTemplateShape(simulated);
    const step = (run: HostRun) => parseHostOutput(run.stdout).hostErrors.map((e) => e.step);
    expect([simulated.exitCode, step(simulated)]).toEqual([real.exitCode, step(real)]);
    expect([real.exitCode, step(real)]).toEqual([2, ['validate']]);
  });
});
