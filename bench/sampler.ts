import { readFileSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';

/** Resident memory and CPU time of one process, read from /proc. */
export interface ProcSample {
  readonly rssKiB: number;
  /** utime + stime of every thread, in seconds. */
  readonly cpuS: number;
}

/** USER_HZ is 100 on every Linux architecture Debian ships. */
const TICKS_PER_S = 100;

export function parseStatus(status: string): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (match === null) throw new Error('/proc/PID/status has no VmRSS line');
  return Number(match[1]);
}

/** utime and stime are fields 14 and 15; the command name before them may hold spaces. */
export function parseStatCpuS(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

export function readProc(pid: number): ProcSample | undefined {
  try {
    return {
      rssKiB: parseStatus(readFileSync(`/proc/${pid}/status`, 'utf8')),
      cpuS: parseStatCpuS(readFileSync(`/proc/${pid}/stat`, 'utf8')),
    };
  } catch {
    return undefined;
  }
}

/** The program a pid runs (its executable's file name), proving what was sampled. */
export function processName(pid: number): string {
  try {
    return basename(readlinkSync(`/proc/${pid}/exe`));
  } catch {
    return '?';
  }
}

export interface LoadUsage {
  readonly peakRssKiB: number;
  /** CPU time over wall time, in percent of one CPU. */
  readonly cpuPercent: number;
}

/** Samples a process while a load runs: the peak RSS and the CPU share it took. */
export class Sampler {
  private peakRssKiB = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly first: ProcSample | undefined;
  private readonly startedAt = performance.now();

  constructor(
    private readonly pid: number,
    everyMs = 100,
  ) {
    this.first = readProc(pid);
    this.take();
    this.timer = setInterval(() => {
      this.take();
    }, everyMs);
  }

  private take(): ProcSample | undefined {
    const sample = readProc(this.pid);
    if (sample !== undefined) this.peakRssKiB = Math.max(this.peakRssKiB, sample.rssKiB);
    return sample;
  }

  stop(): LoadUsage | undefined {
    clearInterval(this.timer);
    const last = this.take();
    if (this.first === undefined || last === undefined) return undefined;
    const wallS = (performance.now() - this.startedAt) / 1000;
    return {
      peakRssKiB: this.peakRssKiB,
      cpuPercent: ((last.cpuS - this.first.cpuS) / wallS) * 100,
    };
  }
}
