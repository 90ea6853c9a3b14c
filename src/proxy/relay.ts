import { connect, type Socket } from 'node:net';
import { zeroCounters, type Counters } from './counters.js';

export interface RelaySettings {
  readonly targetPort: number;
  readonly resetTimeoutMs: number;
  /** 0–100: percent of new connections that get reset. */
  readonly toxicity: number;
  /** Scope for link-local IPv6 upstream addresses. */
  readonly interfaceName: string;
  /** Returns [0, 1); injected so tests decide which connections are affected. */
  readonly random: () => number;
  /** Wall clock (epoch ms) and the window's end: no reset fires at or after it. */
  readonly now: () => number;
  readonly deadlineMs: number;
  /** Told after the relay reset a client: the conntrack entry it left is swept (close-sweeper.ts). */
  readonly onClientReset?: () => void;
}

/** One proxied client connection. Plain fields only: the accept path stays allocation-light. */
class Relay {
  timer: NodeJS.Timeout | undefined = undefined;
  upstream: Socket | undefined = undefined;
  open = 1;
  constructor(readonly client: Socket) {}
}

/** A socket that is already gone needs nothing; a non-TCP handle cannot be reset. */
export function resetSocket(socket: Socket): void {
  if (socket.destroyed) return;
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

/** REDIRECT leaves the address the client was going to as our local address. */
export function upstreamHost(localAddress: string, interfaceName: string): string {
  if (localAddress.startsWith('::ffff:')) return localAddress.slice(7);
  if (localAddress.startsWith('fe80:') && !localAddress.includes('%')) {
    return `${localAddress}%${interfaceName}`;
  }
  return localAddress;
}

/** Owns every live relay and the counters; the window end disarms and drains through it. */
export class RelayTable {
  readonly counters: Counters = zeroCounters();
  private readonly live = new Set<Relay>();
  private armed = true;
  private onEmpty: (() => void) | undefined;

  constructor(private readonly settings: RelaySettings) {}

  /** The `connection` handler: the reset timer is armed before anything else happens. */
  readonly accept = (client: Socket): void => {
    const settings = this.settings;
    const relay = new Relay(client);
    // The deadline is checked here too: an accept backlog handled in the loop turn that
    // crosses it must not reset (RESET_TIMEOUT 0 has no timer whose check would catch it).
    const affected =
      this.armed &&
      settings.now() < settings.deadlineMs &&
      settings.random() * 100 < settings.toxicity;
    if (affected && settings.resetTimeoutMs > 0) {
      relay.timer = setTimeout(this.fire, settings.resetTimeoutMs, relay);
    }
    this.counters.connections += 1;
    client.on('error', () => {
      if (relay.upstream !== undefined) resetSocket(relay.upstream);
    });
    if (affected && settings.resetTimeoutMs === 0) {
      this.counters.resets += 1;
      this.resetClient(client);
      return;
    }
    if (!affected && this.armed) this.counters.passedThrough += 1;
    this.track(relay);
    this.dial(relay);
  };

  private readonly fire = (relay: Relay): void => {
    relay.timer = undefined;
    if (!this.armed || this.settings.now() >= this.settings.deadlineMs) return;
    this.counters.resets += 1;
    this.resetClient(relay.client);
    relay.upstream?.destroy();
  };

  private resetClient(client: Socket): void {
    resetSocket(client);
    this.settings.onClientReset?.();
  }

  private track(relay: Relay): void {
    this.live.add(relay);
    this.counters.active += 1;
    const client = relay.client;
    client.on('close', () => {
      // A normal close leaves the upstream to flush and close on its own.
      if (!client.readableEnded || !client.writableFinished) relay.upstream?.destroy();
      this.release(relay);
    });
  }

  private dial(relay: Relay): void {
    const client = relay.client;
    const local = client.localAddress;
    if (local === undefined) {
      client.destroy();
      return;
    }
    const host = upstreamHost(local, this.settings.interfaceName);
    const upstream = connect({
      host,
      port: this.settings.targetPort,
      allowHalfOpen: true,
      noDelay: true,
    });
    relay.upstream = upstream;
    relay.open += 1;
    upstream.on('error', () => {
      this.counters.upstreamErrors += 1;
      this.resetClient(client);
    });
    upstream.on('close', () => {
      this.release(relay);
    });
    client.pipe(upstream);
    upstream.pipe(client);
  }

  private release(relay: Relay): void {
    relay.open -= 1;
    if (relay.open > 0) return;
    if (relay.timer !== undefined) clearTimeout(relay.timer);
    this.live.delete(relay);
    this.counters.active -= 1;
    this.counters.bytesFromClients += relay.client.bytesRead;
    this.counters.bytesFromUpstream += relay.upstream?.bytesRead ?? 0;
    if (this.live.size === 0) this.onEmpty?.();
  }

  /** Window end, step 1: no reset fires from now on, for open and future connections. */
  disarm(): void {
    this.armed = false;
    for (const relay of this.live) {
      if (relay.timer !== undefined) clearTimeout(relay.timer);
      relay.timer = undefined;
    }
  }

  /** Resolves when no connection is open, or after `ms`; says how many are still open. */
  drain(ms: number): Promise<number> {
    if (this.live.size === 0) return Promise.resolve(0);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.onEmpty = undefined;
        resolve(this.live.size);
      };
      const timer = setTimeout(done, ms);
      this.onEmpty = done;
    });
  }

  /** Window end, last step: a normal close (FIN, never RST) of what the drain left open. */
  closeRemaining(): void {
    for (const relay of this.live) {
      relay.client.end();
      relay.upstream?.end();
    }
  }

  /** Anything still open after the normal close had its chance is destroyed. */
  destroyRemaining(): void {
    for (const relay of this.live) {
      relay.client.destroy();
      relay.upstream?.destroy();
    }
  }

  /** Counters including the bytes of connections still open. */
  snapshot(): Counters {
    const snapshot = { ...this.counters };
    for (const relay of this.live) {
      snapshot.bytesFromClients += relay.client.bytesRead;
      snapshot.bytesFromUpstream += relay.upstream?.bytesRead ?? 0;
    }
    return snapshot;
  }
}
