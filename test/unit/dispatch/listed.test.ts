// A finished host's output read from ListCommandInvocations (Details) instead of one
// GetCommandInvocation per host (ADR 0192): only a Success whose stdout came whole.
import { describe, expect, it } from '@jest/globals';
import { listedInvocation } from '../../../src/dispatch/listed.js';
import { awaitInvocations } from '../../../src/dispatch/poll.js';
import type { InvocationSummary, SsmApi } from '../../../src/experiment/aws-api.js';
import { truncatePluginOutput } from '../../../sandbox/emulator/ssm/plugin-output.js';
import { VirtualClock } from '../run/fakes/clock.js';

const HOST = 'i-0123456789abcdef0';
const TASK = 'arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef';
const HEX = 'ab'.repeat(32);
const ready = `{"event":"ready","instance":"${HOST}","task":"${TASK}","container":"app","namespace":"${HEX}","proxy":"${HEX}","deadline":1767225600000}\n`;
const summary = `{"event":"summary","instance":"${HOST}","mode":"inject","ok":true}\n`;
const STDERR = `ecs-http-chaos host: inject of chaos id exp-1 on ${HOST}: 1 target(s) here\n`;

/** A row as SSM lists it: the agent's own Output of stdout and stderr. */
const listed = (stdout: string, over: Partial<InvocationSummary> = {}): InvocationSummary => ({
  instanceId: HOST,
  status: 'Success',
  statusDetails: 'Success',
  responseCode: 0,
  output: truncatePluginOutput(stdout, STDERR),
  ...over,
});

describe('listedInvocation', () => {
  it('takes stdout and stderr apart from a whole Output ending in the summary', () => {
    expect(listedInvocation(listed(`${ready}${summary}`))).toEqual({
      status: 'Success',
      statusDetails: 'Success',
      responseCode: 0,
      stdout: `${ready}${summary}`,
      stderr: STDERR,
    });
  });

  it('refuses what it cannot vouch for: cut, no summary last, not a Success, no output', () => {
    const long = `${ready.repeat(12)}${summary}`;
    expect(truncatePluginOutput(long, STDERR)).toContain('---Output truncated---');
    expect(listedInvocation(listed(long))).toBeUndefined();
    expect(listedInvocation(listed(ready))).toBeUndefined();
    expect(listedInvocation(listed(`${summary}${ready}`))).toBeUndefined();
    expect(listedInvocation(listed(`${ready}${summary}`, { status: 'Failed' }))).toBeUndefined();
    expect(listedInvocation(listed(`${ready}${summary}`, { responseCode: 1 }))).toBeUndefined();
    const bare = { instanceId: HOST, status: 'Success', statusDetails: 'Success', responseCode: 0 };
    expect(listedInvocation(bare as InvocationSummary)).toBeUndefined();
  });

  it('a summary naming another instance does not count', () => {
    const foreign = summary.replace(HOST, 'i-0fffffffffffffff0');
    expect(listedInvocation(listed(`${ready}${foreign}`))).toBeUndefined();
  });
});

describe('awaitInvocations with listed output', () => {
  it('asks GetCommandInvocation only for the host whose listed output was cut', async () => {
    const clock = new VirtualClock();
    const gets: string[] = [];
    const rows = [
      listed(`${ready}${summary}`, { instanceId: HOST }),
      {
        ...listed(`${ready.repeat(12)}${summary}`),
        instanceId: 'i-1111111111111111a',
      },
    ];
    const ssm: SsmApi = {
      describeInstances: () => Promise.resolve([]),
      sendCommand: () => Promise.reject(new Error('not here')),
      cancelCommand: () => Promise.resolve(),
      mayCall: () => Promise.resolve(true),
      listInvocations: () => Promise.resolve(rows),
      getInvocation: (_id, instance) => {
        gets.push(instance);
        return Promise.resolve({
          status: 'Success',
          statusDetails: 'Success',
          responseCode: 0,
          stdout: 'whole',
          stderr: '',
        });
      },
    };
    const finals = await awaitInvocations({
      ssm,
      via: 'list',
      clock,
      policy: { firstMs: 500, maxMs: 2000, factor: 2 },
      commandId: 'c',
      instanceIds: [HOST, 'i-1111111111111111a'],
      untilMs: clock.now() + 60_000,
    });
    expect(gets).toEqual(['i-1111111111111111a']);
    expect(finals.get(HOST)).toMatchObject({ kind: 'ended', invocation: { stderr: STDERR } });
  });
});
