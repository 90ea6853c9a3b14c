/** The counter names fixed by docs/decisions/0002 ("The proxy's own JSON lines"). */
export interface Counters {
  /** Client connections accepted. */
  connections: number;
  /** Connections the fault reset (RESET_TIMEOUT after accept). */
  resets: number;
  /** Connections left alone by --toxicity. */
  passedThrough: number;
  /** Connections open now. */
  active: number;
  bytesFromClients: number;
  bytesFromUpstream: number;
  /** Upstream dials refused or failed, and upstream connections that broke. */
  upstreamErrors: number;
}

export function zeroCounters(): Counters {
  return {
    connections: 0,
    resets: 0,
    passedThrough: 0,
    active: 0,
    bytesFromClients: 0,
    bytesFromUpstream: 0,
    upstreamErrors: 0,
  };
}
