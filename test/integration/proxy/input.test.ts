import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mustRun, run } from '../../support/netns.js';
import { type Tracked } from '../../../sandbox/world/processes.js';
import {
  APP_PORT,
  PROXY_PORT,
  exitOf,
  normalizeSave,
  proxyArgs,
  save,
  startApp,
  startCli,
  waitForEvent,
} from './harness.js';
import { useProxyWorld } from './world.js';

// Bad input and unsuitable namespaces: one clear message, exit 2, nothing installed.
const world = useProxyWorld({
  pair: { tag: 'input', serverInterface: 'ehc-up0' },
  agent: false,
  beforeApp: async (ns) => {
    // A second interface that sorts first: `auto` must follow the default route, not the order.
    await mustRun('ip', ['-n', ns, 'link', 'add', 'aaa0', 'type', 'veth', 'peer', 'name', 'aaa1']);
    await mustRun('ip', ['-n', ns, 'addr', 'add', '10.232.0.1/24', 'dev', 'aaa0']);
    await mustRun('ip', ['-n', ns, 'link', 'set', 'aaa0', 'up']);
  },
});
const { tracker } = world;
let pristine: string;
let noIptablesPath: string;

beforeAll(async () => {
  pristine = normalizeSave(await save(world.ns));
  // PATH with only what bin/ecs-http-chaos itself needs: no iptables anywhere on it.
  noIptablesPath = mkdtempSync(join(tmpdir(), 'ehc-noipt-'));
  for (const tool of ['cat', 'dirname', 'readlink'])
    symlinkSync(`/usr/bin/${tool}`, join(noIptablesPath, tool));
}, 60_000);

afterAll(() => {
  rmSync(noIptablesPath, { recursive: true, force: true });
});

async function rejected(args: string[], env?: NodeJS.ProcessEnv): Promise<Tracked> {
  const cli = startCli(tracker, world.ns, args, env);
  const code = await exitOf(cli, 30_000);
  if (code !== 2) throw new Error(`exit ${String(code)}: ${cli.stderr}`);
  expect(cli.events().filter((e) => e['event'] === 'ready')).toEqual([]);
  // Nothing installed, not even an empty table created.
  expect(normalizeSave(await save(world.ns))).toBe(pristine);
  return cli;
}

describe('bad input and unsuitable namespaces', () => {
  it('names every invalid flag with its value, rule and an example', async () => {
    const cli = await rejected([
      'proxy',
      '--id',
      'Bad_Id',
      '--target-port',
      '70000',
      '--proxy-port',
      'x',
      '--reset-timeout-ms',
      '-1',
      '--toxicity',
      '101',
      '--bogus',
      '1',
    ]);
    expect(cli.stderr).toContain(
      "invalid --id 'Bad_Id': must be 1-64 characters of a-z, 0-9 and - (example: --id exp-7f3a)",
    );
    expect(cli.stderr).toContain(
      "invalid --target-port '70000': must be a whole number from 1 to 65535 (example: --target-port 8080)",
    );
    expect(cli.stderr).toContain("invalid --proxy-port 'x'");
    expect(cli.stderr).toContain("invalid --reset-timeout-ms '-1'");
    expect(cli.stderr).toContain("invalid --toxicity '101'");
    expect(cli.stderr).toContain("unexpected argument '--bogus'");
    expect(cli.stderr).toContain('missing --duration-s: give exactly one of --duration-s');
    expect(cli.stderr).toContain('[proxy-config]');
  }, 30_000);

  it('refuses equal ports and a reset timeout the window cannot reach', async () => {
    const cli = await rejected(
      proxyArgs('input-1', {
        'proxy-port': String(APP_PORT),
        'reset-timeout-ms': '5000',
        'duration-s': '5',
      }),
    );
    expect(cli.stderr).toContain("invalid --proxy-port '8080': must differ from --target-port");
    expect(cli.stderr).toContain(
      "invalid --reset-timeout-ms '5000': must be shorter than the window",
    );
  }, 30_000);

  it('refuses a busy proxy port before installing anything', async () => {
    await startApp(tracker, world.ns, { hosts: ['0.0.0.0'], http1Port: PROXY_PORT });
    const cli = await rejected(proxyArgs('input-2'));
    expect(cli.stderr).toMatch(
      /CONFIG_INVALID in phase proxy-config \[--proxy-port\]: --proxy-port '20000' cannot be listened on \(EADDRINUSE\).*e\.g\. --proxy-port 20001/,
    );
  }, 30_000);

  it('refuses an interface that does not exist', async () => {
    const cli = await rejected(proxyArgs('input-3', { interface: 'eth9' }));
    expect(cli.stderr).toMatch(
      /--interface 'eth9': no such interface in this network namespace \(interfaces here: lo, .*ehc-up0.*\).*e\.g\. --interface eth0/,
    );
  }, 30_000);

  it('refuses to run without iptables, for proxy and cleanup alike', async () => {
    const env = { ...process.env, PATH: noIptablesPath };
    const proxy = await rejected(proxyArgs('input-4', { 'proxy-port': '20002' }), env);
    expect(proxy.stderr).toContain('no iptables found');
    const cleanup = await rejected(['cleanup', '--all'], env);
    expect(cleanup.stderr).toContain('no iptables found');
  }, 30_000);

  it('refuses cleanup without exactly one of --id and --all', async () => {
    const cli = await rejected(['cleanup', '--id', 'x', '--all']);
    expect(cli.stderr).toContain('give exactly one of --id ID and --all');
  }, 30_000);

  it('--interface auto picks the interface of the default route', async () => {
    const proxy = startCli(
      tracker,
      world.ns,
      proxyArgs('input-5', { interface: 'auto', 'proxy-port': '20003' }),
    );
    const ready = await waitForEvent(proxy, 'ready');
    expect(ready['interface']).toBe('ehc-up0');
    proxy.child.kill('SIGTERM');
    expect(await exitOf(proxy, 30_000)).toBe(0);
  }, 30_000);

  it('--interface auto without a default route is refused', async () => {
    await mustRun('ip', ['-n', world.ns, 'route', 'del', 'default']);
    try {
      const before = normalizeSave(await save(world.ns));
      const cli = startCli(
        tracker,
        world.ns,
        proxyArgs('input-6', { interface: 'auto', 'proxy-port': '20004' }),
      );
      const code = await exitOf(cli, 30_000);
      if (code !== 2) throw new Error(`exit ${String(code)}: ${cli.stderr}`);
      expect(cli.stderr).toContain(
        "--interface 'auto': this network namespace has no default route",
      );
      expect(normalizeSave(await save(world.ns))).toBe(before);
    } finally {
      await run('ip', ['-n', world.ns, 'route', 'add', 'default', 'via', world.pair.client.ipv4]);
    }
  }, 30_000);
});
