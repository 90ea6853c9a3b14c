import { createServer, type Server, type Socket } from 'node:net';
import { ChaosError } from '../errors/index.js';

/**
 * Listens on every address of the namespace (IPv6 and IPv4 when the kernel has IPv6).
 * A busy or forbidden port is a configuration error: nothing has been installed yet.
 */
export function listenOn(port: number, onConnection: (socket: Socket) => void): Promise<Server> {
  const server = createServer({ allowHalfOpen: true, noDelay: true }, onConnection);
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new ChaosError({
          code: 'CONFIG_INVALID',
          phase: 'proxy-config',
          target: '--proxy-port',
          reason: `--proxy-port '${port}' cannot be listened on (${error.code ?? error.message}): ${
            error.code === 'EADDRINUSE'
              ? 'another process already uses it in this network namespace'
              : 'the port is not available'
          }`,
          fix: `choose a port nothing listens on in the target's namespace, e.g. --proxy-port ${port === 20000 ? 20001 : 20000}`,
          cause: error,
        }),
      );
    };
    server.once('error', onError);
    server.listen({ port, backlog: 4096 }, () => {
      server.off('error', onError);
      resolve(server);
    });
  });
}
