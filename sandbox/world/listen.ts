import type { Server } from 'node:net';

/** Listens on a free port of `host`; returns `http://host:port` (HTTP or plain TCP servers). */
export async function listenOnFreePort(server: Server, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return `http://${host}:${port}`;
}
