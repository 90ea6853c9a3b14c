import { describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Output } from '../../../sandbox/demo/output.js';
import { Stages } from '../../../sandbox/demo/stages.js';

function capture(tty: boolean, columns?: number) {
  let written = '';
  let now = 0;
  const out = new Output(
    (text) => {
      written += text;
    },
    tty,
    () => now,
    () => columns,
  );
  return { out, text: () => written, advance: (ms: number) => (now += ms) };
}

describe('demo output', () => {
  it('on a terminal, redraws the progress line in place and keeps it under the log', () => {
    const { out, text } = capture(true, 20);
    out.progress('⏱ a long progress line that does not fit');
    out.line('log line');
    expect(text()).toBe('\r\x1b[2K⏱ a long progress …' + '\r\x1b[2Klog line\n⏱ a long progress …');
  });

  it('elsewhere, prints the progress as a line every 3 s at most', () => {
    const { out, text, advance } = capture(false);
    advance(5_000);
    out.progress('one');
    advance(1_000);
    out.progress('two');
    advance(2_500);
    out.progress('three');
    expect(text()).toBe('one\nthree\n');
  });

  it("times make's preparation steps from the stamps, and the total from make's start", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ehc-unit-stamps-'));
    try {
      const file = join(dir, 'stamps');
      await writeFile(file, 'begin 1000\ndeps 1500\nbuild 11500\nimages 12000\n');
      const { out, text } = capture(false);
      const stages = new Stages(out, () => 20_000);
      await stages.readStamps(file);
      expect(stages.times).toEqual([
        { name: 'prepare:deps', ms: 500 },
        { name: 'prepare:build', ms: 10_000 },
        { name: 'prepare:images', ms: 500 },
      ]);
      expect(stages.totalMs()).toBe(19_000);
      expect(text()).toContain('deps 0.5 s · build 10.0 s · images 0.5 s');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
