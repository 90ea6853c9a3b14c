import { describe, expect, it } from '@jest/globals';
import { PHASES } from '../../../src/errors/codes.js';
import { ec2Id, task, taskArn } from '../experiment/fixtures.js';
import { BASE_ENV, chaosResult, run, world } from './fakes/harness.js';

const START = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('run: the phases in order (parallel)', () => {
  it('injects every target in one step, holds the window, reverts every host, exits 0', async () => {
    const w = world();
    const code = await run(w);
    expect(code).toBe(0);
    expect(w.ssm.timeline()).toEqual([
      `inject run-1-aaaaaaaa → ${ec2Id(1)},${ec2Id(2)}`,
      `revert run-1-aaaaaaaa → ${ec2Id(1)},${ec2Id(2)}`,
    ]);
    const [inject, revert] = w.ssm.sent;
    // One absolute deadline for everyone: the window starts when the step starts.
    const deadlines = new Set(inject!.payload.targets.map((target) => target.deadlineMs));
    expect([...deadlines]).toEqual([START + 30_000]);
    expect(inject!.payload.targets.map((target) => target.taskArn).sort()).toEqual(
      [1, 2, 3].map(taskArn).sort(),
    );
    // The revert waits for the window to end.
    expect(revert!.atMs).toBeGreaterThanOrEqual(START + 30_000);
    expect(inject!.request.deliveryTimeoutSeconds).toBeGreaterThanOrEqual(30);
    expect(inject!.request.deliveryTimeoutSeconds).toBeLessThanOrEqual(60);
    expect(inject!.request.comment).toBe('ecs-http-chaos inject run-1-aaaaaaaa');
    const ready = w.lines.filter((line) => line.message.startsWith('proxy ready on'));
    expect(ready.map((line) => line.fields['task']).sort()).toEqual([1, 2, 3].map(taskArn).sort());
    const result = chaosResult(w);
    expect(result.status.experimentStatus).toMatchObject({ phase: 'Completed', verdict: 'Pass' });
    expect(result.status.history.targets.map((target) => target.chaosStatus)).toEqual([
      'reverted',
      'reverted',
      'reverted',
    ]);
    expect(result.status.faultEvidence).toMatchObject({
      effect: 'reset',
      connections: 12,
      resets: 9,
    });
  });

  it('puts a known phase on every log line, and walks them in DESIGN order', async () => {
    const w = world();
    await run(w);
    expect(w.lines.length).toBeGreaterThan(5);
    for (const line of w.lines) expect(PHASES).toContain(line.phase);
    const order = [...new Set(w.lines.map((line) => line.phase))];
    const wanted = ['config', 'credentials', 'preflight', 'select', 'inject', 'chaos', 'revert'];
    expect(order.filter((phase) => wanted.includes(phase))).toEqual(wanted);
    expect(w.lines.at(-1)?.phase).toBe('result');
    expect(w.lines.at(-1)?.message).toMatch(
      /^finished: phase Completed, verdict Pass, probes 100%; exit 0$/,
    );
    expect(w.phasesAtConnect).toEqual(['credentials']);
  });

  it('tags SendCommand lines with the phase they are sent in, not the one the runner was made in', async () => {
    const w = world();
    await run(w);
    const sends = w.lines.filter((line) => line.message.startsWith('SendCommand '));
    // The watch's status rounds (ADR 0140): at the window's start, then every 10 s.
    expect(sends.map((line) => [line.message.split(' ')[1], line.phase])).toEqual([
      ['inject', 'inject'],
      ['status', 'chaos'],
      ['status', 'chaos'],
      ['status', 'chaos'],
      ['revert', 'revert'],
    ]);
  });

  it('logs the counters the reverts collected, per task', async () => {
    const w = world();
    await run(w);
    const evidence = w.lines.filter((line) => line.message === 'fault evidence');
    expect(evidence.map((line) => line.fields['name']).sort()).toEqual(
      [1, 2, 3].map(taskArn).sort(),
    );
    expect(evidence[0]!.fields).toMatchObject({ effect: 'reset', connections: 4, resets: 3 });
  });

  it('logs a targeted manual-recovery command for every host before the inject leaves', async () => {
    const w = world();
    await run(w);
    const recovery = w.lines.filter((line) => line.message.startsWith('manual recovery for'));
    expect(recovery.map((line) => line.fields['instance']).sort()).toEqual([ec2Id(1), ec2Id(2)]);
    const command = String(recovery[0]!.fields['command']);
    expect(command).toContain(
      `aws ssm send-command --region us-east-1 --instance-ids ${String(recovery[0]!.fields['instance'])}`,
    );
    expect(command).toContain('cleanup --id run-1-aaaaaaaa');
    expect(command).not.toMatch(/iptables -F|--flush|-X\b/);
    const seq = w.lines.indexOf(recovery[0]!);
    const sent = w.lines.findIndex((line) => line.message.startsWith('SendCommand inject'));
    expect(seq).toBeLessThan(sent);
  });

  it('waits RAMP_TIME before the inject and after the revert', async () => {
    const w = world();
    await run(w, { env: { RAMP_TIME: '20' } });
    const [inject, revert] = w.ssm.sent;
    expect(inject!.atMs).toBeGreaterThanOrEqual(START + 20_000);
    expect(w.clock.now()).toBeGreaterThanOrEqual(revert!.atMs + 20_000);
  });
});

describe('run: serial', () => {
  it('gives each task the full window in turn, each step with its own deadline and chaos id', async () => {
    const w = world();
    const code = await run(w, { env: { SEQUENCE: 'serial' } });
    expect(code).toBe(0);
    const modes = w.ssm.sent.map(
      (one) => `${one.payload.header.mode} ${one.payload.header.chaosId}`,
    );
    expect(modes).toEqual([
      'inject run-1-aaaaaaaa-s1',
      'revert run-1-aaaaaaaa-s1',
      'inject run-1-aaaaaaaa-s2',
      'revert run-1-aaaaaaaa-s2',
      'inject run-1-aaaaaaaa-s3',
      'revert run-1-aaaaaaaa-s3',
    ]);
    const injects = w.ssm.sent.filter((one) => one.payload.header.mode === 'inject');
    for (const inject of injects) {
      expect(inject.payload.targets).toHaveLength(1);
      expect(inject.payload.targets[0]!.deadlineMs).toBe(inject.atMs + 30_000);
    }
    expect(w.clock.now() - START).toBeGreaterThanOrEqual(3 * 30_000);
  });
});

describe('run: configuration', () => {
  it('exits 2 with one line per invalid variable and never connects', async () => {
    const w = world();
    const code = await run(w, {
      env: {
        CLUSTER_NAME: '$(id)',
        TOTAL_CHAOS_DURATION: '80; reboot',
        PROXY_PORT: '80',
        TARGET_SERVICE_PORT: '80',
      },
    });
    expect(code).toBe(2);
    expect(w.connects).toBe(0);
    expect(w.ssm.sent).toHaveLength(0);
    const text = w.stderr.join('\n');
    expect(text).toContain('[config]');
    for (const name of ['CLUSTER_NAME', 'TOTAL_CHAOS_DURATION', 'PROXY_PORT']) {
      expect(text.split('\n').filter((line) => line.trimStart().startsWith(name))).toHaveLength(1);
    }
  });

  it('refuses a target without SERVICE_NAME or TASK_REPLICA_ID the same way', async () => {
    const w = world();
    const env = { ...BASE_ENV, SERVICE_NAME: '' };
    expect(await run(w, { env })).toBe(2);
    expect(w.connects).toBe(0);
  });
});

describe('run: preflight refusals send nothing', () => {
  it('refuses Fargate-only targets by name', async () => {
    const w = world([task(1, { launchType: 'FARGATE' })]);
    expect(await run(w)).toBe(3);
    expect(w.ssm.sent).toHaveLength(0);
    const error = w.lines.find((line) => line.level === 'error');
    expect(error?.fields['code']).toBe('TARGET_SELECTION_ERROR');
    expect(error?.message).toContain('FARGATE');
  });

  it('names an instance that is not Online', async () => {
    const w = world();
    w.ssm.managed[1] = {
      instanceId: ec2Id(2),
      pingStatus: 'ConnectionLost',
      platformType: 'Linux',
    };
    expect(await run(w)).toBe(3);
    expect(w.ssm.sent).toHaveLength(0);
    const error = w.lines.find((line) => line.level === 'error');
    expect(error?.phase).toBe('preflight');
    expect(error?.message).toContain(`instance ${ec2Id(2)}: SSM PingStatus is ConnectionLost`);
  });

  it('names an instance SSM does not manage', async () => {
    const w = world();
    w.ssm.managed.splice(0, 1);
    expect(await run(w)).toBe(3);
    expect(w.lines.find((line) => line.level === 'error')?.message).toContain(
      `instance ${ec2Id(1)}: not managed by SSM`,
    );
  });
});
