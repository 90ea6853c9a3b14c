import { zeroCounters, type Counters } from '../counters.js';
import type { KillResult } from './killer.js';
import { tupleKey, type NewEvent, type Tuple } from './tuples.js';

export interface DestroySettings {
  readonly targetPort: number;
  readonly resetTimeoutMs: number;
  /** 0–100: percent of new connections that get destroyed. */
  readonly toxicity: number;
  readonly random: () => number;
  /** Wall clock (epoch ms), the clock conntrack stamps events with. */
  readonly now: () => number;
  readonly deadlineMs: number;
  /** Addresses of the fault's interface: a connection to one of them came from outside. */
  readonly interfaceAddresses: ReadonlySet<string>;
  /** Every address of the namespace: a client among them is the task talking to itself. */
  readonly ownAddresses: ReadonlySet<string>;
}

export interface DestroyFigures {
  /** Connections open on the port when the window opened: never touched. */
  preExisting: number;
  /** Chosen connections already gone (or never established) when they fell due. */
  endedBeforeReset: number;
  /** NEW events of flows conntrack picked up mid-stream (not a handshake): ignored. */
  pickedUpMidStream: number;
  /** Connections found open after conntrack lost events, learned late (start: when found). */
  caughtUp: number;
  /** ss runs, and those that failed. */
  batches: number;
  killErrors: number;
}

/** Learned connections remembered for a catch-up, newest kept (about 100 bytes each). */
const RECENT_MAX = 50_000;
/** ss runs at once; and the longest pause after runs that destroyed nothing. */
const MAX_IN_FLIGHT = 2;
const MAX_GAP_MS = 16;
/** At most this many connections in one ss filter (its bytecode must stay under 64 KiB). */
const MAX_BATCH = 256;

interface Entry {
  readonly key: string;
  readonly tuple: Tuple;
  readonly dueMs: number;
}

type Kill = (tuples: readonly Tuple[]) => Promise<KillResult>;

/**
 * The destroy mechanism's schedule (docs/decisions/0131): each new connection to the port
 * is learned from its conntrack event (its start is the SYN), TOXICITY % of them are
 * destroyed RESET_TIMEOUT ms later, in one `ss -K` per tick for all that fall due.
 */
export class DestroyTable {
  readonly counters: Counters = zeroCounters();
  readonly figures: DestroyFigures = {
    preExisting: 0,
    endedBeforeReset: 0,
    pickedUpMidStream: 0,
    caughtUp: 0,
    batches: 0,
    killErrors: 0,
  };
  lastKillError: string | undefined;
  private readonly queue: Entry[] = [];
  private head = 0;
  private readonly pending = new Map<string, Entry>();
  private readonly recent = new Set<string>();
  /** Caught up after a loss: their event, if it was only late, must not count them twice. */
  private readonly caught = new Set<string>();
  private readonly kills = new Set<Promise<void>>();
  private before = new Set<string>();
  private held: NewEvent[] | undefined = [];
  private armed = true;
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private lastStartMs = Number.NEGATIVE_INFINITY;
  private gapMs = 0;

  constructor(
    private readonly settings: DestroySettings,
    private readonly kill: Kill,
  ) {}

  /** The window opens: what is open now is left alone; events held meanwhile are learned. */
  open(preExisting: ReadonlySet<string>): void {
    this.before = new Set(preExisting);
    this.figures.preExisting = preExisting.size;
    const held = this.held ?? [];
    this.held = undefined;
    for (const event of held) this.learn(event);
  }

  readonly learn = (event: NewEvent): void => {
    if (!this.concerns(event)) return;
    if (event.state !== 'SYN_SENT') {
      this.figures.pickedUpMidStream += 1;
      return;
    }
    if (this.held !== undefined) {
      this.held.push(event);
      return;
    }
    const key = tupleKey(event.tuple);
    if (this.caught.delete(key)) return;
    this.admit(event.tuple, event.atMs);
  };

  /**
   * After conntrack lost events: connections open on the port that are neither from
   * before the window nor learned are learned now, their start taken as `nowMs` (so a
   * reset comes late, never early). `open` is what ss lists right after the loss.
   */
  catchUp(open: readonly Tuple[]): void {
    if (!this.armed || this.held !== undefined) return;
    const now = this.settings.now();
    for (const tuple of open) {
      const key = tupleKey(tuple);
      if (
        this.recent.has(key) ||
        this.before.has(key) ||
        !this.concerns({ tuple, atMs: now, state: '' })
      ) {
        continue;
      }
      this.figures.caughtUp += 1;
      this.caught.add(key);
      this.admit(tuple, now);
    }
  }

  private admit(tuple: Tuple, startMs: number): void {
    const settings = this.settings;
    const key = tupleKey(tuple);
    if (this.before.has(key) || settings.now() >= settings.deadlineMs) return;
    this.remember(key);
    this.counters.connections += 1;
    if (settings.random() * 100 >= settings.toxicity) {
      this.counters.passedThrough += 1;
      return;
    }
    // A reused 4-tuple means the earlier connection is gone: the newer one counts.
    const entry = { key, tuple, dueMs: startMs + settings.resetTimeoutMs };
    if (!this.pending.has(key)) this.counters.active += 1;
    this.pending.set(key, entry);
    this.queue.push(entry);
    this.schedule();
  }

  private remember(key: string): void {
    this.recent.delete(key);
    this.recent.add(key);
    if (this.recent.size > RECENT_MAX) {
      const oldest = this.recent.values().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }

  /** A client from outside dialled the port on the fault's interface, in the window. */
  private concerns({ tuple }: NewEvent): boolean {
    const { targetPort, interfaceAddresses, ownAddresses } = this.settings;
    return (
      this.armed &&
      tuple.localPort === targetPort &&
      interfaceAddresses.has(tuple.localAddress) &&
      !ownAddresses.has(tuple.remoteAddress)
    );
  }

  /** No destroy from now on; returns once every kill already started has finished. */
  async disarm(): Promise<void> {
    this.armed = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.all([...this.kills]);
  }

  /**
   * At most MAX_IN_FLIGHT ss runs at once (what falls due meanwhile waits and goes in one
   * batch); after runs that found every chosen connection already gone (short requests
   * under churn), the next waits up to MAX_GAP_MS, so futile dumps cost little CPU.
   */
  private schedule(): void {
    if (this.timer !== undefined || !this.armed || this.inFlight >= MAX_IN_FLIGHT) return;
    const next = this.queue[this.head];
    if (next === undefined) return;
    const now = this.settings.now();
    const at = Math.max(next.dueMs, this.lastStartMs + this.gapMs);
    this.timer = setTimeout(this.tick, Math.max(0, Math.ceil(at - now)));
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    const now = this.settings.now();
    if (!this.armed || now >= this.settings.deadlineMs) return;
    const batch: Entry[] = [];
    for (
      let e = this.queue[this.head];
      e !== undefined && e.dueMs <= now;
      e = this.queue[this.head]
    ) {
      this.head += 1;
      if (this.pending.get(e.key) === e) batch.push(e);
      if (batch.length === MAX_BATCH) break;
    }
    this.compact();
    if (batch.length > 0) this.start(batch);
    this.schedule();
  };

  private compact(): void {
    if (this.head < 4096 || this.head * 2 < this.queue.length) return;
    this.queue.splice(0, this.head);
    this.head = 0;
  }

  private start(batch: readonly Entry[]): void {
    this.figures.batches += 1;
    this.inFlight += 1;
    this.lastStartMs = this.settings.now();
    const kill = this.kill(batch.map((e) => e.tuple)).then((result) => {
      this.inFlight -= 1;
      this.gapMs = result.killed.size === 0 ? Math.min(MAX_GAP_MS, this.gapMs * 2 + 1) : 0;
      this.settle(batch, result);
      this.schedule();
    });
    this.kills.add(kill);
    void kill.finally(() => this.kills.delete(kill));
  }

  private settle(batch: readonly Entry[], result: KillResult): void {
    if (result.error !== undefined) {
      this.figures.killErrors += 1;
      this.lastKillError = result.error;
    }
    for (const entry of batch) {
      if (this.pending.get(entry.key) === entry) {
        this.pending.delete(entry.key);
        this.counters.active -= 1;
      }
      if (result.killed.has(entry.key)) this.counters.resets += 1;
      else this.figures.endedBeforeReset += 1;
    }
  }
}
