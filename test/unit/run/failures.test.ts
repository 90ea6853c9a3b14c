import { describe, expect, it } from '@jest/globals';
import { ChaosError } from '../../../src/errors/chaos-error.js';
import { ec2Id } from '../experiment/fixtures.js';
import { chaosResult, run, world } from './fakes/harness.js';

const errorLine = (w: ReturnType<typeof world>) => w.lines.find((line) => line.level === 'error');

describe('run: a failed inject', () => {
  it('reverts the other hosts too and exits 3 naming the host, the step and the reason', async () => {
    const w = world();
    w.ssm.behaviours.set(ec2Id(2), {
      inject: { fail: 'start-proxy', reason: 'port 20000 is taken' },
    });
    expect(await run(w)).toBe(3);
    expect(w.ssm.timeline()).toEqual([
      `inject run-1-aaaaaaaa → ${ec2Id(1)},${ec2Id(2)}`,
      `revert run-1-aaaaaaaa → ${ec2Id(1)},${ec2Id(2)}`,
    ]);
    const error = errorLine(w);
    expect(error?.fields['code']).toBe('CHAOS_INJECT_ERROR');
    expect(error?.phase).toBe('inject');
    expect(error?.message).toContain(`${ec2Id(2)}: step start-proxy: `);
    expect(error?.message).toContain('port 20000 is taken');
    expect(error?.message).not.toContain(`${ec2Id(1)}: step`);
  });

  it('reads a delivery timeout as a failed delivery of that host', async () => {
    const w = world();
    w.ssm.behaviours.set(ec2Id(1), { inject: { status: 'TimedOut', details: 'DeliveryTimedOut' } });
    expect(await run(w)).toBe(3);
    expect(errorLine(w)?.message).toContain(`${ec2Id(1)}: step delivery: SSM could not deliver`);
    expect(w.ssm.sent.at(-1)?.payload.header.mode).toBe('revert');
  });

  it('reads an execution timeout, a cancel and an undeliverable host, each in words', async () => {
    for (const [status, details, words] of [
      ['TimedOut', 'ExecutionTimedOut', 'ran past its executionTimeout'],
      ['Cancelled', 'Cancelled', 'the command was cancelled'],
      ['Failed', 'Undeliverable', 'SSM reports Undeliverable'],
    ] as const) {
      const w = world();
      w.ssm.behaviours.set(ec2Id(2), { inject: { status, details } });
      expect(await run(w)).toBe(3);
      expect(errorLine(w)?.message).toContain(words);
    }
  });

  it('waits no longer than the window for a host that never answers, then reverts', async () => {
    const w = world();
    w.ssm.behaviours.set(ec2Id(1), { inject: 'never-ends' });
    expect(await run(w)).toBe(3);
    expect(errorLine(w)?.message).toContain(
      `${ec2Id(1)}: step ssm: no final status within the wait budget; last status InProgress`,
    );
    // The inject still running is cancelled before the revert goes out.
    expect(w.ssm.cancels).toEqual([w.ssm.sent[0]!.commandId]);
    expect(w.ssm.sent.at(-1)?.payload.header.mode).toBe('revert');
  });
});

describe('run: the undo stack', () => {
  it('reverts hosts whose SendCommand answer was lost (the command may have run)', async () => {
    const w = world();
    w.ssm.loseAnswer = (request) =>
      request.comment.includes('inject')
        ? new ChaosError({
            code: 'CHAOS_INJECT_ERROR',
            phase: 'inject',
            reason: 'socket hang up',
            fix: '-',
          })
        : undefined;
    expect(await run(w)).toBe(3);
    expect(w.ssm.timeline()).toEqual([
      `inject run-1-aaaaaaaa → ${ec2Id(1)},${ec2Id(2)}`,
      `revert run-1-aaaaaaaa → ${ec2Id(1)},${ec2Id(2)}`,
    ]);
    expect(errorLine(w)?.message).toContain('step send-command: socket hang up');
  });

  it('in serial mode a failed step ends the run and reverts only what was sent', async () => {
    const w = world();
    w.ssm.behaviours.set(ec2Id(2), { inject: { fail: 'find-container', reason: 'gone' } });
    expect(await run(w, { env: { SEQUENCE: 'serial' } })).toBe(3);
    const modes = w.ssm.sent.map(
      (one) => `${one.payload.header.mode} ${one.payload.header.chaosId}`,
    );
    // Task order is the draw's (random 0 → sorted by ARN): task 1 on i-1, task 2 on i-2.
    expect(modes).toEqual([
      'inject run-1-aaaaaaaa-s1',
      'revert run-1-aaaaaaaa-s1',
      'inject run-1-aaaaaaaa-s2',
      'revert run-1-aaaaaaaa-s2',
    ]);
  });
});

describe('run: a failed revert', () => {
  it('retries, then exits 3 naming the host and logging its manual-recovery command', async () => {
    const w = world();
    w.ssm.behaviours.set(ec2Id(1), { revert: 'dirty' });
    expect(await run(w)).toBe(3);
    const reverts = w.ssm.sent.filter((one) => one.payload.header.mode === 'revert');
    // Both hosts once, then the one not proven clean once more: one retry (ADR 0082).
    expect(reverts.map((one) => one.request.instanceIds.join(','))).toEqual([
      `${ec2Id(1)},${ec2Id(2)}`,
      ec2Id(1),
    ]);
    const manual = w.lines.filter((line) => line.message.startsWith('revert not proven on'));
    expect(manual.length).toBeGreaterThan(0);
    expect(manual.every((line) => line.fields['instance'] === ec2Id(1))).toBe(true);
    expect(String(manual[0]!.fields['command'])).toContain(`--instance-ids ${ec2Id(1)}`);
    const final = w.lines.at(-1);
    expect(final?.message).toContain('CHAOS_REVERT_ERROR');
  });

  it('SSM refusing to list invocations during the revert still ends the run: exit 3, every host named', async () => {
    const w = world();
    const accessDenied = new Error(
      'AccessDenied: not authorized to perform ssm:ListCommandInvocations',
    );
    w.ssm.refuseList = (commandId) =>
      w.ssm.sent.find((one) => one.commandId === commandId)?.payload.header.mode === 'revert'
        ? accessDenied
        : undefined;
    expect(await run(w)).toBe(3);
    const manual = w.lines.filter((line) => line.message.startsWith('revert not proven on'));
    expect(manual.map((line) => line.fields['instance']).sort()).toEqual([ec2Id(1), ec2Id(2)]);
    expect(String(manual[0]!.fields['reason'])).toContain('AccessDenied');
    const result = chaosResult(w).status.experimentStatus;
    expect(result).toMatchObject({ phase: 'Error', verdict: 'Error' });
    expect(w.lines.at(-1)?.message).toContain('CHAOS_REVERT_ERROR');
  });
});
