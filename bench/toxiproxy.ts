import { SERVER_CPU, type Lab } from './lab.js';
import {
  addRedirect,
  readyOrKilled,
  relayPortFor,
  terminate,
  type Contender,
  type Relay,
} from './relay.js';
import { waitForListen, waitUntil } from './wait.js';

/**
 * toxiproxy (built from its Go module by `make tool-toxiproxy`), its API on the server
 * namespace's loopback, driven with curl from inside that namespace.
 */

const API = 'http://127.0.0.1:8474';

async function api(lab: Lab, method: string, path: string, body?: unknown): Promise<string> {
  const args = ['curl', '-sS', '--fail-with-body', '-X', method, `${API}${path}`];
  if (body !== undefined)
    args.push('-H', 'content-type: application/json', '-d', JSON.stringify(body));
  return lab.mustRun(lab.serverNs, args);
}

async function apiAnswers(lab: Lab): Promise<boolean> {
  const result = await lab.run(lab.serverNs, SERVER_CPU, ['curl', '-sf', `${API}/version`], 5000);
  return result.code === 0;
}

async function startToxiproxy(
  lab: Lab,
  binary: string,
  targetPort: number,
  resetMs: number | undefined,
): Promise<Relay> {
  // Per-connection log lines would cost it CPU that the other relays do not spend.
  const env = { ...process.env, LOG_LEVEL: 'warn' };
  const server = lab.spawn(
    lab.serverNs,
    SERVER_CPU,
    [binary, '-host', '127.0.0.1', '-port', '8474'],
    env,
  );
  await readyOrKilled(server, configure(lab, targetPort, resetMs));
  const relayPort = relayPortFor(targetPort);
  const unredirect = await addRedirect(lab, targetPort, relayPort);
  return {
    pid: server.pid,
    startupMs: undefined,
    stop: async () => {
      await unredirect();
      await terminate(server.child, (ms) => server.exitWithin(ms), 5000);
    },
  };
}

async function configure(lab: Lab, targetPort: number, resetMs: number | undefined): Promise<void> {
  await waitUntil('the toxiproxy API', () => apiAnswers(lab), 10_000, 100);
  const relayPort = relayPortFor(targetPort);
  await api(lab, 'POST', '/proxies', {
    name: 'bench',
    listen: `0.0.0.0:${relayPort}`,
    upstream: `${lab.serverIp}:${targetPort}`,
    enabled: true,
  });
  if (resetMs !== undefined) {
    // On the client-to-server stream, so the timer starts at the client's first byte.
    await api(lab, 'POST', '/proxies/bench/toxics', {
      name: 'reset',
      type: 'reset_peer',
      stream: 'upstream',
      toxicity: 1,
      attributes: { timeout: resetMs },
    });
  }
  await waitForListen(lab, lab.serverNs, relayPort);
}

export function toxiproxy(name: string, binary: string, resetMs?: number): Contender {
  return {
    name,
    resetMs,
    bulk: resetMs === undefined,
    start: (lab, targetPort) => startToxiproxy(lab, binary, targetPort, resetMs),
  };
}
