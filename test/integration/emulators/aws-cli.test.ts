import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { ListTasksCommand } from '@aws-sdk/client-ecs';
import { ec2InstanceIdOf, sampleFixture } from '../../../sandbox/emulator/fixtures/sample.js';
import { awsClients } from './aws-clients.js';
import { isDead, killQuietly, readPid, remember, runShell, waitUntil } from './ssm-helpers.js';

const root = resolve(import.meta.dirname, '../../..');
const build = join(root, '.tmp', `ehc-emulator-cli-${process.pid}`);
const main = join(build, 'out', 'sandbox', 'emulator', 'main.js');
let scratch: string;
const started: ChildProcess[] = [];

/** Compiles main.ts and what it imports, as `make build-tools` does, into a private folder. */
beforeAll(async () => {
  await mkdir(build, { recursive: true });
  const config = {
    extends: '../../tsconfig.json',
    compilerOptions: { rootDir: '../..', outDir: './out' },
    include: [],
    files: ['../../sandbox/emulator/main.ts'],
  };
  await writeFile(join(build, 'tsconfig.json'), JSON.stringify(config));
  await promisify(execFile)(process.execPath, [
    join(root, 'node_modules/typescript/bin/tsc'),
    '-p',
    build,
  ]);
  scratch = await mkdtemp(join(tmpdir(), 'ehc-aws-cli-'));
}, 60_000);

afterAll(async () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(build, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

function run(args: string[]) {
  const child = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return {
    child,
    next: async () => JSON.parse(String((await lines.next()).value)) as Record<string, unknown>,
    exited,
    stderr: () => stderr,
  };
}

describe('the emulator CLI', () => {
  it('prints its endpoint, serves the SDK, and on SIGTERM kills its commands and exits 0', async () => {
    const fixture = join(scratch, 'world.json');
    await writeFile(fixture, JSON.stringify(sampleFixture({ hosts: 1 })));
    const cli = run(['--fixture', fixture, '--knobs', '{"invocationVisibilityMs":0}']);
    const listening = await cli.next();
    expect(listening).toMatchObject({
      event: 'listening',
      endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
    const { ecs, ssm } = awsClients(String(listening['endpoint']));
    const tasks = await ecs.send(
      new ListTasksCommand({ cluster: 'ehc-cluster', serviceName: 'web' }),
    );
    expect(tasks.taskArns).toHaveLength(4);
    const pidFile = join(scratch, 'child.pid');
    await runShell(ssm, [ec2InstanceIdOf(0)], [`sleep 300 & echo $! > ${pidFile}`, 'wait']);
    await waitUntil(() => readPid(pidFile) !== undefined, 10_000, 'the command to start');
    const child = readPid(pidFile)!;
    const sleeper = remember(child);
    try {
      ecs.destroy();
      ssm.destroy();
      cli.child.kill('SIGTERM');
      const stopped = await cli.next();
      expect(stopped).toEqual({
        event: 'stopped',
        signal: 'SIGTERM',
        requests: { 'ecs:ListTasks': 1, 'ssm:SendCommand': 1 },
      });
      expect((await cli.exited)[0]).toBe(0);
      await waitUntil(() => isDead(child), 5_000, 'the command to be killed');
    } finally {
      killQuietly(sleeper);
    }
  });

  it('refuses a broken fixture naming the file and the field, and a missing --fixture with usage', async () => {
    const broken = join(scratch, 'broken.json');
    await writeFile(broken, JSON.stringify({ region: 'mars', clusters: [] }));
    const bad = run(['--fixture', broken]);
    expect((await bad.exited)[0]).toBe(1);
    expect(bad.stderr()).toContain(
      `fixture ${broken}: region must be an AWS region such as us-east-1 (got "mars")`,
    );
    const usage = run([]);
    expect((await usage.exited)[0]).toBe(2);
    expect(usage.stderr()).toMatch(/^usage: main\.js --fixture FILE/);
  });
});
