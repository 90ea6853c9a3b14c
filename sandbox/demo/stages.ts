/**
 * The demo's stages and how long each took. The preparation `make demo` does before the
 * driver starts (deps, build, images) comes from the stamps file scripts/demo/stamp.sh
 * writes: one "name epoch-ms" line per finished step, after a "begin" line.
 */
import { readFile } from 'node:fs/promises';
import { seconds, type Output } from './output.js';

export interface StageTime {
  readonly name: string;
  readonly ms: number;
}

export class Stages {
  readonly times: StageTime[] = [];
  /** The earliest moment of the whole demo: make's "begin" stamp, else the driver's start. */
  startedMs: number;

  constructor(
    private readonly out: Output,
    private readonly now: () => number = Date.now,
  ) {
    this.startedMs = now();
  }

  /** Runs one stage: prints its header, then its duration (also when it fails). */
  async run<T>(name: string, title: string, body: () => Promise<T>): Promise<T> {
    this.out.stage(name, title);
    const started = this.now();
    try {
      return await body();
    } finally {
      const ms = this.now() - started;
      this.times.push({ name, ms });
      this.out.stage(name, `done in ${seconds(ms)}`);
    }
  }

  /** A stage measured elsewhere (side by side with another one). */
  record(name: string, ms: number): void {
    this.times.push({ name, ms });
  }

  /** Reads make's stamps; silently nothing when the driver was started by hand. */
  async readStamps(file: string | undefined): Promise<void> {
    if (file === undefined) return;
    const text = await readFile(file, 'utf8').catch(() => '');
    const stamps = text
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((parts) => parts.length === 2 && /^\d+$/.test(parts[1] ?? ''))
      .map(([name, at]) => ({ name: name ?? '', at: Number(at) }));
    const begin = stamps.find((stamp) => stamp.name === 'begin');
    if (begin === undefined) return;
    this.startedMs = begin.at;
    let previous = begin.at;
    const prepared: string[] = [];
    for (const stamp of stamps.filter((one) => one.name !== 'begin')) {
      this.times.push({ name: `prepare:${stamp.name}`, ms: stamp.at - previous });
      prepared.push(`${stamp.name} ${seconds(stamp.at - previous)}`);
      previous = stamp.at;
    }
    this.out.stage('prepare', `by make: ${prepared.join(' · ')}`);
  }

  /** Everything, from make's first step (or the driver's start) until now. */
  totalMs(): number {
    return this.now() - this.startedMs;
  }

  summary(): string {
    const parts = this.times.map((time) => `${time.name} ${seconds(time.ms)}`);
    return `${parts.join(' · ')} — total ${seconds(this.totalMs())}`;
  }
}
