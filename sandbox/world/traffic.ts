import { request } from 'node:http';

/**
 * How one request ended. `reset`: the peer sent a TCP RST (a read or write failed with
 * ECONNRESET or EPIPE); `closed`: the connection ended with a normal close before a whole
 * response ("socket hang up"); `error`: anything else (refused, timeout, a status ≠ 200).
 */
export type Outcome = 'ok' | 'reset' | 'closed' | 'error';

/** One request's fate: when it started, when its connection was up, when it ended. */
export interface Attempt {
  readonly startMs: number;
  /** When the client's TCP connect completed; undefined when it never did. */
  readonly connectMs: number | undefined;
  /** When the request ended (the time the outcome was known). */
  readonly atMs: number;
  readonly outcome: Outcome;
  readonly detail: string;
  /** The client's source port: its own (sourcePorts), or the kernel's once connected. */
  readonly localPort?: number | undefined;
}

export interface ClientOptions {
  /** Pause between the end of one request and the start of the next. */
  readonly everyMs?: number;
  /** A request still unanswered after this is abandoned (outcome `error`). */
  readonly timeoutMs?: number;
  /** The client stops by itself after this long: every loop is bounded. */
  readonly maxMs?: number;
  /**
   * Dial each request from the next port of [first, last] (outside the kernel's ephemeral
   * range), so no 4-tuple is ever used twice; the client stops when they run out. Default:
   * the kernel picks, and reuses a port within seconds (measured).
   */
  readonly sourcePorts?: readonly [number, number];
}

type Ended = Omit<Attempt, 'startMs' | 'atMs'>;

export function classify(error: NodeJS.ErrnoException): Outcome {
  if (error.message === 'socket hang up') return 'closed';
  return error.code === 'ECONNRESET' || error.code === 'EPIPE' ? 'reset' : 'error';
}

/** One GET on a fresh connection; undefined when `signal` cut it short (not recorded). */
function once(
  url: string,
  timeoutMs: number,
  signal: AbortSignal,
  sourcePort?: number,
): Promise<Ended | undefined> {
  return new Promise((resolve) => {
    let connectMs: number | undefined;
    let localPort: number | undefined = sourcePort;
    const fail = (error: NodeJS.ErrnoException, prefix = '') => {
      if (signal.aborted) resolve(undefined);
      else {
        const detail = `${prefix}${error.message}`;
        resolve({ connectMs, outcome: classify(error), detail, localPort });
      }
    };
    const from = sourcePort === undefined ? {} : { localPort: sourcePort };
    const req = request(url, { agent: false, timeout: timeoutMs, signal, ...from }, (response) => {
      response.resume();
      response.on('end', () => {
        const outcome = response.statusCode === 200 ? 'ok' : 'error';
        resolve({ connectMs, outcome, detail: String(response.statusCode), localPort });
      });
      response.on('error', (error: NodeJS.ErrnoException) => {
        fail(error, 'response: ');
      });
    });
    req.on('socket', (socket) => {
      socket.once('connect', () => {
        connectMs = Date.now();
        localPort = socket.localPort;
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) => {
      fail(error);
    });
    req.end();
  });
}

/**
 * A client of one URL: a GET on a fresh connection (no keep-alive), again and again, each
 * outcome kept with its times. Bounded: it stops by itself after `maxMs`.
 */
export class Client {
  readonly attempts: Attempt[] = [];
  private running = true;
  private readonly cut = new AbortController();
  private readonly done: Promise<void>;
  private nextPort: number | undefined;

  constructor(
    readonly url: string,
    private readonly options: ClientOptions = {},
  ) {
    const { everyMs = 100, timeoutMs = 2_000, maxMs = 180_000 } = options;
    this.nextPort = options.sourcePorts?.[0];
    this.done = this.loop(everyMs, timeoutMs, Date.now() + maxMs);
  }

  /** The next unused source port; undefined when the kernel picks; null when none is left. */
  private sourcePort(): number | undefined | null {
    const last = this.options.sourcePorts?.[1];
    if (last === undefined || this.nextPort === undefined) return undefined;
    if (this.nextPort > last) return null;
    this.nextPort += 1;
    return this.nextPort - 1;
  }

  private async loop(everyMs: number, timeoutMs: number, endMs: number): Promise<void> {
    while (this.running && Date.now() < endMs) {
      const port = this.sourcePort();
      if (port === null) return;
      const startMs = Date.now();
      const ended = await once(this.url, timeoutMs, this.cut.signal, port);
      if (ended === undefined) return;
      this.attempts.push({ startMs, atMs: Date.now(), ...ended });
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }

  /** Ends the loop: lets the request under way finish, or with `abandon` drops it. */
  async stop(options: { readonly abandon?: boolean } = {}): Promise<void> {
    this.running = false;
    if (options.abandon === true) this.cut.abort();
    await this.done;
  }

  between(fromMs: number, toMs: number): Attempt[] {
    return this.attempts.filter((attempt) => attempt.atMs >= fromMs && attempt.atMs < toMs);
  }

  count(outcome: Outcome, fromMs = 0, toMs = Number.POSITIVE_INFINITY): number {
    return this.between(fromMs, toMs).filter((attempt) => attempt.outcome === outcome).length;
  }
}
