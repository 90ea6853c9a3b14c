import type { Logger } from '../log/logger.js';
import type { Netfilter } from '../netfilter/netfilter.js';
import { leaseExpiryMs, renewRule, type Family, type RedirectSpec } from '../netfilter/rules.js';
import { messageOf } from '../core/message.js';

/** Renewals land this long after each whole second: well inside the lease's last second. */
const RENEW_OFFSET_MS = 50;

export interface LeaseFigures {
  /** Renewals that succeeded (one per second, every family at once). */
  readonly renewals: number;
  readonly failures: number;
  /** Renewals that came after the previous lease had already run out (the fault paused). */
  readonly lapses: number;
}

export interface LeaseInput {
  readonly netfilter: Netfilter;
  readonly families: readonly Family[];
  readonly spec: RedirectSpec;
  readonly now: () => number;
  readonly log: Logger;
}

/**
 * Keeps the relay's REDIRECT alive while this process is (docs/decisions/0130): once a
 * second, just after the second turns, the rule's `--datestop` moves to the end of the
 * next second. A proxy that dies stops renewing, and the kernel stops redirecting to its
 * dead port within two seconds, by its own clock, with no process of ours involved.
 */
export class Lease {
  private renewals = 0;
  private failures = 0;
  private lapses = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private stopped = false;
  private expiresMs: number;
  private countedLapse = 0;
  private failedLast = false;

  constructor(
    private readonly input: LeaseInput,
    installedAtMs: number,
  ) {
    this.expiresMs = leaseExpiryMs(installedAtMs, input.spec.deadlineMs);
  }

  start(): void {
    this.schedule();
  }

  /** No renewal starts after this resolves; one already running is awaited. */
  async stop(): Promise<LeaseFigures> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
    return { renewals: this.renewals, failures: this.failures, lapses: this.lapses };
  }

  private schedule(): void {
    if (this.stopped) return;
    const now = this.input.now();
    const cap = leaseExpiryMs(this.input.spec.deadlineMs, this.input.spec.deadlineMs);
    const nextSlot = now - (now % 1000) + 1000 + RENEW_OFFSET_MS;
    // The slot comes after this lease runs out when the install and the start, or a slow
    // renewal and the next, straddle a second (a loaded host): renew now instead, or the
    // redirect lapses for the slot's 50 ms. Not after a failure: that would spin.
    const due =
      this.expiresMs < cap &&
      now < this.expiresMs &&
      nextSlot >= this.expiresMs &&
      !this.failedLast;
    // Past the deadline's own last second there is nothing left to renew.
    if (!due && nextSlot >= cap) return;
    this.timer = setTimeout(
      () => {
        this.inFlight = this.renew().finally(() => {
          this.schedule();
        });
      },
      due ? 0 : nextSlot - now,
    );
  }

  private async renew(): Promise<void> {
    const { netfilter, families, spec, now, log } = this.input;
    const at = now();
    // One lapse per run-out lease, however many renewals fail before one succeeds.
    if (at >= this.expiresMs && this.countedLapse !== this.expiresMs) {
      this.countedLapse = this.expiresMs;
      this.lapses += 1;
      log.warn(
        `the redirect's lease ran out ${at - this.expiresMs} ms before this renewal: new connections went direct meanwhile`,
      );
    }
    try {
      for (const family of families) await netfilter.apply(family, renewRule(spec, at));
      this.renewals += 1;
      this.expiresMs = leaseExpiryMs(at, spec.deadlineMs);
      this.failedLast = false;
    } catch (error) {
      this.failures += 1;
      this.failedLast = true;
      // Once, then every 10th: a lasting failure must not flood the log.
      if (this.failures % 10 === 1) {
        const reason = messageOf(error);
        log.error(`renewing the redirect's lease failed (${this.failures} so far): ${reason}`);
      }
    }
  }
}
