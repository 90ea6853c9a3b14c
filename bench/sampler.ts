import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * Resident memory and CPU time of a process and its live descendants (our destroy
 * mechanism runs conntrack and ss beside Node; the relay spawns iptables), read from /proc.
 */
export interface ProcSample {
  readonly rssKiB: number;
  /** Anonymous resident memory (RssAnon): what is not the binaries' shared file pages. */
  readonly anonKiB: number;
  /**
   * utime + stime of every thread, plus the reaped children's (cutime + cstime), plus the
   * live descendants' own, in seconds.
   */
  readonly cpuS: number;
  readonly processes: number;
}

/** USER_HZ is 100 on every Linux architecture Debian ships. */
const TICKS_PER_S = 100;

export function parseStatus(status: string, field = 'VmRSS'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (match === null) throw new Error(`/proc/PID/status has no ${field} line`);
  return Number(match[1]);
}

/**
 * utime and stime are fields 14 and 15, cutime and cstime (reaped children) 16 and 17;
 * the command name before them may hold spaces.
 */
export function parseStatCpuS(stat: string, withChildren = false): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const own = Number(fields[11]) + Number(fields[12]);
  const reaped = withChildren ? Number(fields[13]) + Number(fields[14]) : 0;
  return (own + reaped) / TICKS_PER_S;
}

function children(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
        .split(' ')
        .filter((word) => word !== '')
        .map(Number),
    );
  } catch {
    return [];
  }
}

function descendants(pid: number): number[] {
  const found: number[] = [];
  for (let queue = children(pid); queue.length > 0;) {
    const next = queue.shift() ?? 0;
    found.push(next);
    queue = [...queue, ...children(next)];
  }
  return found;
}

export function readProc(pid: number): ProcSample | undefined {
  try {
    const root = readFileSync(`/proc/${pid}/status`, 'utf8');
    let rssKiB = parseStatus(root);
    let anonKiB = parseStatus(root, 'RssAnon');
    let cpuS = parseStatCpuS(readFileSync(`/proc/${pid}/stat`, 'utf8'), true);
    let processes = 1;
    for (const child of descendants(pid)) {
      try {
        const status = readFileSync(`/proc/${child}/status`, 'utf8');
        rssKiB += parseStatus(status);
        anonKiB += parseStatus(status, 'RssAnon');
        cpuS += parseStatCpuS(readFileSync(`/proc/${child}/stat`, 'utf8'));
        processes += 1;
      } catch {
        // gone meanwhile (a finished ss): its CPU shows in the parent's cutime once reaped
      }
    }
    return { rssKiB, anonKiB, cpuS, processes };
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
  readonly peakAnonKiB: number;
  /** CPU time over wall time, in percent of one CPU. */
  readonly cpuPercent: number;
}

/** Samples a process while a load runs: the peak RSS and the CPU share it took. */
export class Sampler {
  private peakRssKiB = 0;
  private peakAnonKiB = 0;
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
    if (sample !== undefined) {
      this.peakRssKiB = Math.max(this.peakRssKiB, sample.rssKiB);
      this.peakAnonKiB = Math.max(this.peakAnonKiB, sample.anonKiB);
    }
    return sample;
  }

  stop(): LoadUsage | undefined {
    clearInterval(this.timer);
    const last = this.take();
    if (this.first === undefined || last === undefined) return undefined;
    const wallS = (performance.now() - this.startedAt) / 1000;
    return {
      peakRssKiB: this.peakRssKiB,
      peakAnonKiB: this.peakAnonKiB,
      cpuPercent: ((last.cpuS - this.first.cpuS) / wallS) * 100,
    };
  }
}
