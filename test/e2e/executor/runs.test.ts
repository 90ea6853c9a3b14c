import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startAwsEmulator, type AwsEmulator } from '../../../sandbox/emulator/index.js';
import type { KnobSettings } from '../../../sandbox/emulator/knobs.js';
import type { PolicyDocument } from '../../../sandbox/emulator/policy.js';
import { repositoryRoot } from '../../../sandbox/kube/paths.js';
import { CliRun, newChaosUid, timeOf, type LogLine, type RunResult } from './cli.js';
import { leftovers, sweep } from '../../../sandbox/world/leftovers.js';
import { Client } from '../../../sandbox/world/traffic.js';
import { fixtureOf, startWorld, urlOf, type World } from './world.js';

const WINDOW_S = 6;
let world: World;
let aws: AwsEmulator | undefined;
let clients: Client[] = [];
const measured: Record<string, number> = {};

beforeAll(async () => {
  world = await startWorld();
}, 300_000);

afterEach(async () => {
  await Promise.all(clients.map((client) => client.stop()));
  clients = [];
  await aws?.stop();
  aws = undefined;
  await sweep(world.hosts.instances);
}, 120_000);

afterAll(async () => {
  process.stderr.write(`executor e2e durations (ms): ${JSON.stringify(measured)}\n`);
  await (world as World | undefined)?.hosts.stop();
}, 180_000);

const isReady = (line: LogLine): boolean =>
  line.phase === 'chaos' && line.message.includes('every proxy is ready');
const tasks = () => [...world.web.tasks, ...world.other.tasks];

/** The absolute deadline the inject log line announced for a step. */
function deadlinesOf(result: RunResult): number[] {
  return result.lines
    .filter((line) => line.phase === 'inject' && / until \d{4}-/.test(line.message))
    .map((line) => Date.parse(/ until (\S+)$/.exec(line.message)?.[1] ?? ''));
}

async function runWith(
  env: Record<string, string>,
  knobs: KnobSettings = {},
): Promise<{ result: RunResult; web: Client[]; other: Client[] }> {
  aws = await startAwsEmulator(fixtureOf(world), knobs);
  const web = world.web.tasks.map((task) => new Client(urlOf(task)));
  const other = world.other.tasks.map((task) => new Client(urlOf(task)));
  clients = [...web, ...other];
  const run = await CliRun.start(aws.endpoint, { CHAOS_UID: newChaosUid(), ...env });
  const result = await run.finished();
  // Traffic after the run: every target must be served directly again.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await Promise.all(clients.map((client) => client.stop()));
  return { result, web, other };
}

describe('run end to end: SSM to real dockerd hosts through the emulator', () => {
  it('parallel: targeted clients see resets during the window and none after; neighbours never', async () => {
    const { result, web, other } = await runWith({
      SERVICE_NAME: 'web',
      TOTAL_CHAOS_DURATION: String(WINDOW_S),
      RESET_TIMEOUT: '0',
    });
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 0,
      stderr: expect.any(String),
    });
    measured['parallel'] = result.endedMs - result.startedMs;
    const ready = timeOf(result.lines.find(isReady)!);
    const [deadline] = deadlinesOf(result);
    for (const client of web) {
      expect(client.count('reset', ready, deadline! - 500)).toBeGreaterThan(0);
      expect(client.count('reset', result.endedMs)).toBe(0);
      expect(client.count('ok', result.endedMs)).toBeGreaterThan(5);
    }
    for (const client of other) {
      expect(client.count('reset')).toBe(0);
      expect(client.count('error')).toBe(0);
    }
    expect(await leftovers(world.hosts.instances, tasks())).toEqual([]);
    const status = (result.result?.['status'] ?? {}) as Record<string, Record<string, unknown>>;
    expect(status['experimentStatus']).toMatchObject({ verdict: 'Pass' });
    expect(Number(status['faultEvidence']?.['resets'])).toBeGreaterThan(0);
  }, 180_000);

  it("the fault's published IAM policy (iam-policy.json): a Pass, only the ListCommandInvocations probe refused (ADR 0154)", async () => {
    const file = join(
      repositoryRoot(),
      'experiments',
      'ecs-container-http-reset-peer',
      'iam-policy.json',
    );
    const policy = JSON.parse(await readFile(file, 'utf8')) as PolicyDocument;
    const { result, web } = await runWith(
      { SERVICE_NAME: 'web', TOTAL_CHAOS_DURATION: String(WINDOW_S), RESET_TIMEOUT: '0' },
      { policy },
    );
    expect(result.code).toBe(0);
    const denied = (aws?.requests.all() ?? []).filter(
      (request) => request.errorCode === 'AccessDeniedException',
    );
    expect(denied.map((request) => request.action)).toEqual(['ssm:ListCommandInvocations']);
    for (const client of web) expect(client.count('reset')).toBeGreaterThan(0);
    expect(await leftovers(world.hosts.instances, tasks())).toEqual([]);
    const status = (result.result?.['status'] ?? {}) as Record<string, Record<string, unknown>>;
    expect(status['experimentStatus']).toMatchObject({ verdict: 'Pass' });
  }, 180_000);

  it('serial: each target gets the full window in turn, with its own deadline', async () => {
    const { result, web } = await runWith({
      SERVICE_NAME: 'web',
      TOTAL_CHAOS_DURATION: String(WINDOW_S),
      RESET_TIMEOUT: '0',
      SEQUENCE: 'serial',
    });
    expect(result.code).toBe(0);
    measured['serial'] = result.endedMs - result.startedMs;
    const deadlines = deadlinesOf(result);
    expect(deadlines).toHaveLength(2);
    expect(deadlines[1]! - deadlines[0]!).toBeGreaterThanOrEqual(WINDOW_S * 1000);
    // Each target's resets lie in one window; the two windows do not overlap.
    const spans = web.map((client) => {
      const resets = client.attempts
        .filter((attempt) => attempt.outcome === 'reset')
        .map((a) => a.atMs);
      return { first: Math.min(...resets), last: Math.max(...resets) };
    });
    spans.sort((a, b) => a.first - b.first);
    expect(spans[0]!.last).toBeLessThan(spans[1]!.first);
    expect(spans.every((span) => span.last - span.first <= WINDOW_S * 1000)).toBe(true);
    if (measured['parallel'] !== undefined) {
      expect(measured['serial']).toBeGreaterThan(measured['parallel'] + WINDOW_S * 1000 * 0.9);
    }
    expect(await leftovers(world.hosts.instances, tasks())).toEqual([]);
  }, 180_000);

  it('invalid configuration: exit 2, one line per variable, and the emulator saw no request', async () => {
    aws = await startAwsEmulator(fixtureOf(world));
    const run = await CliRun.start(aws.endpoint, {
      SERVICE_NAME: 'web',
      TOTAL_CHAOS_DURATION: '80; reboot',
      PROXY_PORT: '8080',
      CHAOS_UID: '$(id)',
    });
    const result = await run.finished();
    expect(result.code).toBe(2);
    for (const name of ['TOTAL_CHAOS_DURATION', 'PROXY_PORT', 'CHAOS_UID']) {
      expect(
        result.stderr.split('\n').filter((line) => line.trimStart().startsWith(name)),
      ).toHaveLength(1);
    }
    expect(aws.requests.count()).toBe(0);
  }, 60_000);
});
