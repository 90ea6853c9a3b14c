import type { ChildProcess } from 'node:child_process';
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import type { FifoRing } from './fifos.js';
import { stopChild, type Spawn } from './spawn.js';
import {
  FILTER_PREFIX,
  filterRest,
  filterTokens,
  parseSocketLine,
  tupleKey,
  type Tuple,
} from './tuples.js';

/**
 * Every state in which an accepted connection still has a peer to reset; not listening or
 * time-wait, and not syn-recv: aborting a handshake sends nothing, and a handshake on a
 * 4-tuple just reused may belong to a newer connection than the one falling due.
 */
export const SOCKET_STATES = [
  'established',
  'fin-wait-1',
  'fin-wait-2',
  'close-wait',
  'last-ack',
  'closing',
].flatMap((state) => ['state', state]);

const SS_ARGS = ['-K', '-t', '-n', '-H', ...SOCKET_STATES];
/** A kill that takes longer than this is given up (its ss is killed). */
const KILL_TIMEOUT_MS = 10_000;

export interface KillResult {
  /** tupleKey of every connection ss reports it destroyed. */
  readonly killed: ReadonlySet<string>;
  /** ss's complaint when it failed; undefined when it ran. */
  readonly error: string | undefined;
}

interface Standby {
  readonly child: ChildProcess;
  /** Our end of its named pipe: the filter's opening parenthesis is already in it. */
  readonly fd: number;
}

/**
 * Destroys named TCP connections of this namespace through sock_diag SOCK_DESTROY
 * (`ss -K`): the kernel sends the peer an RST and aborts our side. A standby `ss` is
 * started ahead of need with a named pipe as stdin, into which the filter's opening
 * parenthesis was written *before* it was started: whatever becomes of this process, that
 * ss reads either the whole filter or a syntax error, never an empty filter (which would
 * mean every connection). Without a pipe, ss gets its whole filter in argv (ADR 0131).
 */
export class SocketKiller {
  private readonly standbys: Standby[] = [];
  private closed = false;

  constructor(
    private readonly ss: string,
    private readonly spawn: Spawn,
    private readonly fifos: FifoRing | undefined,
    private readonly standbyCount = 2,
  ) {}

  start(): void {
    this.refill();
  }

  destroy(tuples: readonly Tuple[]): Promise<KillResult> {
    const standby = this.takeStandby();
    if (standby === undefined)
      return collect(this.spawn(this.ss, [...SS_ARGS, ...filterTokens(tuples)]));
    const result = collect(standby.child);
    try {
      writeSync(standby.fd, filterRest(tuples));
    } finally {
      closeSync(standby.fd);
    }
    setImmediate(() => {
      this.refill();
    });
    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
    const standbys = this.standbys.splice(0);
    await Promise.all(standbys.map(({ child }) => stopChild(child, 200)));
    for (const { fd } of standbys) closeSync(fd);
    this.fifos?.remove();
  }

  private takeStandby(): Standby | undefined {
    for (;;) {
      const standby = this.standbys.shift();
      if (standby === undefined) return undefined;
      if (standby.child.exitCode === null && standby.child.signalCode === null) return standby;
      closeSync(standby.fd);
    }
  }

  private refill(): void {
    while (!this.closed && this.standbys.length < this.standbyCount) {
      const standby = this.launch();
      if (standby === undefined) return;
      this.standbys.push(standby);
    }
  }

  private launch(): Standby | undefined {
    const fifos = this.fifos;
    const path = fifos?.take();
    if (fifos === undefined || path === undefined) return undefined;
    // Ours read-write first, so that opening the child's read-only end does not wait; the
    // child holds its end from fork on, so nothing written is lost whenever it starts.
    const fd = openSync(path, constants.O_RDWR);
    const childEnd = openSync(path, constants.O_RDONLY);
    let child: ChildProcess;
    try {
      writeSync(fd, FILTER_PREFIX);
      child = this.spawn(this.ss, [...SS_ARGS, '-F', '-'], childEnd);
    } finally {
      closeSync(childEnd);
    }
    child.on('error', () => undefined);
    child.once('close', () => {
      fifos.release(path);
    });
    return { child, fd };
  }
}

function collect(child: ChildProcess): Promise<KillResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => {
    let settled = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done(`ss did not finish within ${KILL_TIMEOUT_MS} ms`);
    }, KILL_TIMEOUT_MS);
    const done = (error: string | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const killed = new Set<string>();
      for (const line of stdout.split('\n')) {
        const tuple = parseSocketLine(line);
        if (tuple !== undefined) killed.add(tupleKey(tuple));
      }
      resolve({ killed, error });
    };
    child.once('error', (error) => {
      done(error.message);
    });
    child.once('close', (code, signal) => {
      done(
        code === 0
          ? undefined
          : `ss exited ${code ?? signal ?? '?'}: ${stderr.trim().slice(0, 300)}`,
      );
    });
  });
}
