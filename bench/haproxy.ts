import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_CPU, type Lab } from './lab.js';
import {
  addRedirect,
  readyOrKilled,
  relayPortFor,
  terminate,
  type Contender,
  type Relay,
} from './relay.js';
import { waitForListen } from './wait.js';

/** HAProxy as the C baseline: mode tcp, one thread, no logging, redirected like ours. */

function config(lab: Lab, targetPort: number): string {
  return [
    'global',
    '  nbthread 1',
    // 2 fds per connection must fit the bench's fd limit (ulimit -n), or HAProxy refuses.
    '  maxconn 4000',
    'defaults',
    '  mode tcp',
    '  timeout connect 5s',
    '  timeout client 120s',
    '  timeout server 120s',
    'frontend bench',
    `  bind 0.0.0.0:${relayPortFor(targetPort)}`,
    '  default_backend app',
    'backend app',
    // The address our proxy dials too: the server namespace's own address.
    `  server app ${lab.serverIp}:${targetPort}`,
    '',
  ].join('\n');
}

async function startHaproxy(lab: Lab, targetPort: number): Promise<Relay> {
  const file = join(lab.tempDir, `haproxy-${targetPort}.cfg`);
  writeFileSync(file, config(lab, targetPort));
  const haproxy = lab.spawn(lab.serverNs, SERVER_CPU, ['haproxy', '-db', '-f', file]);
  const relayPort = relayPortFor(targetPort);
  await readyOrKilled(haproxy, waitForListen(lab, lab.serverNs, relayPort));
  const unredirect = await addRedirect(lab, targetPort, relayPort);
  return {
    pid: haproxy.pid,
    startupMs: undefined,
    stop: async () => {
      await unredirect();
      await terminate(haproxy.child, (ms) => haproxy.exitWithin(ms), 5000);
    },
  };
}

export const haproxy: Contender = {
  name: 'HAProxy',
  resetMs: undefined,
  bulk: true,
  start: startHaproxy,
};
