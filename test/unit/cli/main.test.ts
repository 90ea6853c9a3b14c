import { describe, expect, it } from '@jest/globals';
import { main } from '../../../src/cli/main.js';
import type { CliContext } from '../../../src/core/context.js';

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

describe('main', () => {
  it('rejects an unknown command with exit 2 and the usage', async () => {
    const { ctx, err } = context(['explode']);
    await expect(main(ctx)).resolves.toBe(2);
    expect(err.join('\n')).toMatch(/unknown command 'explode'[\s\S]*usage: ecs-http-chaos/);
  });

  it('prints the version', async () => {
    const { ctx, out } = context(['version']);
    await expect(main(ctx)).resolves.toBe(0);
    expect(out).toEqual([expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
  });
});
