import { connect, createServer, type Server, type Socket } from 'node:net';
import type { KillResult } from './killer.js';
import { tupleKey, type NewEvent, type Tuple } from './tuples.js';

export type ProbeResult =
  { readonly ok: true; readonly why: string } | { readonly ok: false; readonly why: string };

export interface ProbeInput {
  readonly kill: (tuples: readonly Tuple[]) => Promise<KillResult>;
  /** Routes the stream's events to the probe while it runs; undefined detaches it. */
  readonly watch: (handler: ((event: NewEvent) => void) | undefined) => void;
  readonly now: () => number;
}

const ATTEMPTS = 6;
const ATTEMPT_WAIT_MS = 400;
const RESET_WAIT_MS = 2000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function listen(): Promise<Server> {
  const server = createServer((socket) => socket.on('error', () => undefined));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      resolve(server);
    });
  });
}

function dial(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('error', reject);
    socket.once('connect', () => {
      resolve(socket);
    });
  });
}

/** Resolves with the socket's error code once it fails, or undefined after `ms`. */
function failureOf(socket: Socket, ms: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms, undefined);
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(error.code ?? error.message);
    });
  });
}

/**
 * The capability check, in the target's namespace before the window (docs/decisions/0131):
 * a loopback connection of our own must show up as a conntrack NEW event on the very
 * stream the window will use, and `ss -K` must destroy it (its client sees the reset).
 */
export async function probeDestroy(input: ProbeInput): Promise<ProbeResult> {
  let server: Server | undefined;
  const clients: Socket[] = [];
  try {
    server = await listen();
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    return await probeOn(port, input, clients);
  } catch (error) {
    return { ok: false, why: `the check connection failed: ${String(error)}` };
  } finally {
    input.watch(undefined);
    for (const client of clients) client.destroy();
    server?.close();
  }
}

async function probeOn(port: number, input: ProbeInput, clients: Socket[]): Promise<ProbeResult> {
  const seen = new Map<string, number>();
  input.watch((event) => {
    if (event.tuple.localPort === port && event.state === 'SYN_SENT') {
      seen.set(tupleKey(event.tuple), event.atMs);
    }
  });
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const dialledAt = input.now();
    const client = await dial(port);
    client.on('error', () => undefined);
    clients.push(client);
    const tuple: Tuple = {
      localAddress: '127.0.0.1',
      localPort: port,
      remoteAddress: '127.0.0.1',
      remotePort: client.localPort ?? 0,
    };
    await sleep(ATTEMPT_WAIT_MS);
    const eventAt = seen.get(tupleKey(tuple));
    // The stream may not have been subscribed yet at the first attempts: try again.
    if (eventAt === undefined) continue;
    return await destroyCheck(input, client, tuple, Math.round(eventAt - dialledAt));
  }
  return {
    ok: false,
    why: `conntrack reported none of ${ATTEMPTS} check connections on loopback (is conntrack usable in this namespace?)`,
  };
}

async function destroyCheck(
  input: ProbeInput,
  client: Socket,
  tuple: Tuple,
  eventLagMs: number,
): Promise<ProbeResult> {
  const failure = failureOf(client, RESET_WAIT_MS);
  const result = await input.kill([tuple]);
  const code = await failure;
  if (result.killed.has(tupleKey(tuple)) && code !== undefined) {
    return {
      ok: true,
      why: `conntrack reported a check connection ${eventLagMs} ms after connect, and ss -K destroyed it (its client got ${code})`,
    };
  }
  const said = result.error === undefined ? '' : `: ${result.error}`;
  return {
    ok: false,
    why: `ss -K did not destroy a check connection of its own (kernel without CONFIG_INET_DIAG_DESTROY, or no NET_ADMIN?)${said}`,
  };
}
