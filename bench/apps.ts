import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_CPU, type Lab } from './lab.js';
import { waitForListen } from './wait.js';

/** The servers behind every relay, pinned to the server CPU: an HTTP app and iperf3. */

export const HTTP_PORT = 8080;
export const IPERF_PORT = 5201;

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** A fixture script of bench/fixtures, compiled next to this file, run by this Node. */
export function fixture(name: string, args: readonly string[]): string[] {
  return [process.execPath, join(FIXTURES, `${name}.js`), ...args];
}

export async function startServers(lab: Lab): Promise<void> {
  const app = lab.spawn(lab.serverNs, SERVER_CPU, fixture('http-server', [String(HTTP_PORT)]));
  await app.waitForLine((line) => line.includes('"listening"'), 15_000);
  lab.spawn(lab.serverNs, SERVER_CPU, ['iperf3', '-s', '-p', String(IPERF_PORT)]);
  await waitForListen(lab, lab.serverNs, IPERF_PORT);
}
