/**
 * Connections as the kernel's tools print them: conntrack events and `ss` lines, and the
 * `ss` filter that names exactly a set of them (docs/decisions/0131).
 */

/** A TCP connection seen from the target's namespace: our address and port, the peer's. */
export interface Tuple {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
}

/** One conntrack NEW event of a TCP connection. */
export interface NewEvent {
  readonly tuple: Tuple;
  /** When conntrack-tools received the event from the kernel (epoch ms, µs precision). */
  readonly atMs: number;
  /** SYN_SENT for a real handshake; anything else is a flow picked up mid-stream. */
  readonly state: string;
}

/** IPv4-mapped IPv6 and scoped addresses are written the way conntrack writes them. */
export function canonicalAddress(address: string): string {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const lower = bare.toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice(7) : lower;
}

export function tupleKey(tuple: Tuple): string {
  return `${tuple.localAddress}:${tuple.localPort}>${tuple.remoteAddress}:${tuple.remotePort}`;
}

function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

// "[1796461973.765002]	    [NEW] tcp      6 120 SYN_SENT src=A dst=B sport=C dport=D …"
const EVENT =
  /^\[(\d+)\.(\d{6})\]\s+\[NEW\] tcp\s+6 \d+ ([A-Z_]+) src=(\S+) dst=(\S+) sport=(\d+) dport=(\d+) /;

/** A conntrack `-E -o timestamp` NEW line, or undefined for anything else. */
export function parseEvent(line: string): NewEvent | undefined {
  const match = EVENT.exec(line);
  if (match === null) return undefined;
  const [, seconds = '0', micros = '0', state = '', src = '', dst = '', sport, dport] = match;
  return {
    atMs: Number(seconds) * 1000 + Number(micros) / 1000,
    state,
    // The original direction: the client (src) dialled us (dst).
    tuple: {
      localAddress: canonicalAddress(dst),
      localPort: Number(dport),
      remoteAddress: canonicalAddress(src),
      remotePort: Number(sport),
    },
  };
}

const ENDPOINT = /^(\[[^\]]+\]|[^\s[\]]+):(\d+)$/;

function endpoint(token: string | undefined): { address: string; port: number } | undefined {
  const match = ENDPOINT.exec(token ?? '');
  if (match === null) return undefined;
  return { address: canonicalAddress(match[1] ?? ''), port: Number(match[2]) };
}

/** One `ss -tnH` line (with or without the State column): its local and peer endpoints. */
export function parseSocketLine(line: string): Tuple | undefined {
  const endpoints = line
    .trim()
    .split(/\s+/)
    .map(endpoint)
    .filter((e) => e !== undefined);
  const [local, peer] = endpoints;
  if (local === undefined || peer === undefined) return undefined;
  return {
    localAddress: local.address,
    localPort: local.port,
    remoteAddress: peer.address,
    remotePort: peer.port,
  };
}

/**
 * The `ss` filter naming exactly these connections, one word per token:
 * `( ( src A:P and dst B:Q ) or … )`. Every proper prefix of it has an unclosed
 * parenthesis, so a filter cut short (our process died while handing it over) is a syntax
 * error, and ss then destroys nothing (docs/decisions/0131).
 */
export function filterTokens(tuples: readonly Tuple[]): string[] {
  const terms = tuples.map((t) => [
    '(',
    'src',
    hostPort(t.localAddress, t.localPort),
    'and',
    'dst',
    hostPort(t.remoteAddress, t.remotePort),
    ')',
  ]);
  return ['(', ...terms.flatMap((term, i) => (i === 0 ? term : ['or', ...term])), ')'];
}

/** What a standby ss is given before it exists (see killer.ts), and the rest of it later. */
export const FILTER_PREFIX = '(';

/** One connection per line: ss refuses a filter line longer than its buffer. */
export function filterRest(tuples: readonly Tuple[]): string {
  const terms = tuples.map(
    (t) =>
      `( src ${hostPort(t.localAddress, t.localPort)} and dst ${hostPort(t.remoteAddress, t.remotePort)} )`,
  );
  return `\n${terms.join('\nor ')}\n)\n`;
}
