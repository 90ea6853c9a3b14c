import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { stopChild, type Spawn } from './spawn.js';
import { parseEvent, type NewEvent } from './tuples.js';

/** Netlink receive buffer for bursts of events (the kernel doubles it): 8 MiB. */
const BUFFER_BYTES = 4 * 1024 * 1024;

export interface StreamHandlers {
  readonly onEvent: (event: NewEvent) => void;
  /** conntrack ended although nobody stopped it: no connection is learned any more. */
  readonly onExit: (reason: string) => void;
  /** The kernel dropped events (ENOBUFS): some new connections were not reported. */
  readonly onLost: () => void;
}

/**
 * The namespace's new TCP connections as conntrack reports them, each at its SYN: a
 * `conntrack -E -e NEW -p tcp -o timestamp` child, read line by line. Only NEW events are
 * subscribed; the port is filtered here, so the check connection on another port shows
 * that this very stream is live (docs/decisions/0131).
 */
export class ConntrackStream {
  /** ENOBUFS reports: the kernel dropped events, so some connections were never learned. */
  lostReports = 0;
  private child: ChildProcess | undefined;
  private stopping = false;
  private stderr = '';

  constructor(
    private readonly conntrack: string,
    private readonly spawn: Spawn,
    private readonly handlers: StreamHandlers,
  ) {}

  start(): void {
    const child = this.spawn(this.conntrack, [
      ...['-E', '-e', 'NEW', '-p', 'tcp', '-o', 'timestamp'],
      ...['-b', String(BUFFER_BYTES)],
    ]);
    this.child = child;
    child.on('error', (error) => {
      this.stderr += error.message;
    });
    if (child.stdout !== null) {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const event = parseEvent(line);
        if (event !== undefined) this.handlers.onEvent(event);
      });
    }
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.includes('ENOBUFS')) {
        this.lostReports += 1;
        this.handlers.onLost();
      }
      this.stderr = (this.stderr + chunk).slice(-2000);
    });
    child.once('close', (code, signal) => {
      if (this.stopping) return;
      const said = this.stderr.trim().split('\n').at(-1) ?? '';
      this.handlers.onExit(`conntrack exited (${code ?? signal ?? '?'}): ${said}`);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child !== undefined) await stopChild(this.child);
  }
}
