import { describe, expect, it } from '@jest/globals';
import type { CliContext } from '../../../src/core/context.js';
import { cleanupCommand } from '../../../src/proxy/cleanup-command.js';
import { proxyCommand, type ProxyDeps } from '../../../src/proxy/command.js';

function context(
  args: string[],
  env: Record<string, string> = {},
): { ctx: CliContext; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    args,
    env,
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    signal: new AbortController().signal,
  };
  return { ctx, out, err };
}

/** Records every program the command would run: invalid input must run none. */
function recordingDeps(): { deps: ProxyDeps; ran: string[] } {
  const ran: string[] = [];
  const deps: ProxyDeps = {
    now: () => 0,
    random: () => 0,
    run: (file, args) => {
      ran.push([file, ...args].join(' '));
      return Promise.resolve({ code: 1, stdout: '', stderr: 'unexpected' });
    },
    readFacts: () =>
      Promise.resolve({
        interfaces: ['lo', 'eth0'],
        defaultRouteInterface: 'eth0',
        ipv6Interfaces: [],
      }),
    interfaces: () => ({}),
  };
  return { deps, ran };
}

describe('proxy subcommand', () => {
  it('rejects bad flags with exit 2, one line per problem, the usage, and runs nothing', async () => {
    const { deps, ran } = recordingDeps();
    const { ctx, out, err } = context(['--id', 'x', '--target-port', '99999']);
    await expect(proxyCommand(ctx, deps)).resolves.toBe(2);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(/ERROR \[proxy-config\] invalid --target-port '99999'/);
    expect(err.at(-1)).toMatch(/usage: ecs-http-chaos proxy --id ID/);
    expect(ran).toEqual([]);
  });

  it('rejects an invalid stats interval from the environment', async () => {
    const { deps, ran } = recordingDeps();
    const args = [
      '--id',
      'x',
      '--target-port',
      '80',
      '--proxy-port',
      '81',
      '--reset-timeout-ms',
      '0',
      '--duration-s',
      '5',
    ];
    const { ctx, err } = context(args, { ECS_HTTP_CHAOS_STATS_INTERVAL_S: '0' });
    await expect(proxyCommand(ctx, deps)).resolves.toBe(2);
    expect(err.join('\n')).toContain(
      "ECS_HTTP_CHAOS_STATS_INTERVAL_S '0' must be a whole number of seconds from 1 to 3600",
    );
    expect(ran).toEqual([]);
  });

  it('says so when no iptables is on PATH', async () => {
    const { deps } = recordingDeps();
    const args = [
      '--id',
      'x',
      '--target-port',
      '80',
      '--proxy-port',
      '81',
      '--reset-timeout-ms',
      '0',
      '--duration-s',
      '5',
    ];
    const { ctx, err } = context(args, { PATH: '/nonexistent' });
    await expect(proxyCommand(ctx, deps)).resolves.toBe(2);
    expect(err.join('\n')).toContain('CONFIG_INVALID in phase proxy-config: no iptables found');
  });
});

describe('cleanup subcommand', () => {
  it('needs exactly one of --id and --all', async () => {
    for (const args of [[], ['--all', '--id', 'a'], ['--all=yes'], ['--id', 'A!']]) {
      const { ctx, out, err } = context(args);
      await expect(cleanupCommand(ctx)).resolves.toBe(2);
      expect(out).toEqual([]);
      expect(err.at(-1)).toContain('usage: ecs-http-chaos cleanup (--id ID | --all)');
    }
  });
});
