import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAwsEmulator } from '../../../sandbox/emulator/index.js';
import { ec2InstanceIdOf, sampleFixture } from '../../../sandbox/emulator/fixtures/sample.js';
import { Knobs } from '../../../sandbox/emulator/knobs.js';
import { EmulatedAgents } from '../../../sandbox/emulator/ssm/agent.js';
import { CommandService } from '../../../sandbox/emulator/ssm/commands.js';
import { EmulatorState } from '../../../sandbox/emulator/state.js';
import { awsClients } from './aws-clients.js';
import { pollInvocation, runShell } from './ssm-helpers.js';

// Stopping the emulator while commands run (every test's afterAll does) must kill them and
// report nothing afterwards: a run that ended after its work folder was removed once threw
// an unhandled ENOENT into whichever suite came next.
const scratch: string[] = [];
afterEach(async () => {
  for (const dir of scratch.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('stopping the AWS emulator with commands in flight', () => {
  it('kills them, waits for their deliveries, leaves no folder and no stray rejection', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const root = await mkdtemp(join(tmpdir(), 'ehc-aws-shutdown-'));
      scratch.push(root);
      const hosts = [0, 1, 2].map(ec2InstanceIdOf);
      const aws = await startAwsEmulator(sampleFixture({ hosts: 3 }), {}, { workRoot: root });
      const { ssm } = awsClients(aws.endpoint);
      const running = await runShell(ssm, hosts.slice(0, 2), ['sleep 30']);
      await pollInvocation(ssm, running, hosts[0]!, { done: (status) => status === 'InProgress' });
      // More whose deliveries are still being set up when the stop begins.
      await Promise.all(Array.from({ length: 6 }, () => runShell(ssm, hosts, ['sleep 0.3'])));
      ssm.destroy();
      const started = Date.now();
      await aws.stop();
      expect(Date.now() - started).toBeLessThan(10_000);
      await rm(root, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(rejections).toEqual([]);
      expect((await readdir(tmpdir())).filter((name) => name === root.split('/').pop())).toEqual(
        [],
      );
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});

describe('a late delivery on a clock that lags the timers', () => {
  // Timers can fire a millisecond before Date.now() reaches their target (measured: 3 of 300
  // 7 ms timers here). A delivery checked too early must wait out the rest, not be dropped
  // until the delivery timeout.
  it('still runs the command once its delay is over', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ehc-aws-late-'));
    scratch.push(root);
    const start = Date.now();
    const lagging = () => start + Math.floor((Date.now() - start) * 0.98);
    const knobs = new Knobs({ lateDelivery: [{ delayMs: 300, times: 1 }] });
    const agents = new EmulatedAgents(
      new EmulatorState(sampleFixture({ hosts: 1 })),
      knobs,
      root,
      lagging,
    );
    const commands = new CommandService(agents, knobs, lagging);
    try {
      const record = commands.send({
        documentName: 'AWS-RunShellScript',
        comment: '',
        parameters: { commands: ['echo late'] },
        instanceIds: [ec2InstanceIdOf(0)],
        timeoutSeconds: 30,
        executionTimeoutSeconds: 30,
        commands: ['echo late'],
        workingDirectory: '',
      });
      await commands.settled(record.commandId, 5_000);
      const invocation = record.invocations.get(ec2InstanceIdOf(0));
      expect({ status: invocation?.status, stdout: invocation?.stdout }).toEqual({
        status: 'Success',
        stdout: 'late\n',
      });
    } finally {
      await commands.shutdown();
    }
  });
});
