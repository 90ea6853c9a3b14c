import { describe, expect, it } from '@jest/globals';
import type { CliContext } from '../../../src/core/context.js';
import { main } from '../../../src/cli/main.js';
import { tunableTable } from '../../../src/config/tunables.js';

function context(args: string[]): { ctx: CliContext; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    args,
    env: {},
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    signal: new AbortController().signal,
  };
  return { ctx, out, err };
}

describe('run --help', () => {
  it('lists every tunable of the spec once, with its default, and exits 0 doing nothing else', async () => {
    const { ctx, out, err } = context(['run', '--help']);
    await expect(main(ctx)).resolves.toBe(0);
    expect(err).toEqual([]);
    expect(out[0]).toBe('usage: ecs-http-chaos run');
    for (const row of tunableTable()) {
      const lines = out.filter((line) => line.trimStart().startsWith(`${row.name} `));
      expect(lines).toHaveLength(1);
      const shown = row.required ? '(required)' : row.default === '' ? '(unset)' : row.default;
      expect(lines[0]).toMatch(
        new RegExp(`^  ${row.name} +${shown.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} +`),
      );
    }
    expect(out.join('\n')).toContain('TASK_REPLICA_AFFECTED_PERC');
  });

  it('refuses an argument: every setting is an environment variable', async () => {
    const { ctx, err } = context(['run', '--cluster', 'prod']);
    await expect(main(ctx)).resolves.toBe(2);
    expect(err.join('\n')).toContain("unexpected argument '--cluster'");
  });
});
