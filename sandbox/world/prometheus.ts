/**
 * A Prometheus HTTP API stand-in for the sample engine's promProbe ("client resets
 * observed"): every instant query answers one sample, the value `sample()` gives at that
 * moment (the load balancer's count of resets passed on to clients). The query text is
 * recorded, not evaluated: the probe under test is ours, the metric is the test's.
 */
import { createServer, type Server } from 'node:http';
import { listenOnFreePort } from './listen.js';

export class PrometheusStandIn {
  /** Every query received, in order. */
  readonly queries: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(host: string, sample: () => number): Promise<PrometheusStandIn> {
    const server = createServer();
    const stand = new PrometheusStandIn(server, await listenOnFreePort(server, host));
    server.on('request', (request, response) => {
      const url = new URL(request.url ?? '/', stand.url);
      if (url.pathname !== '/api/v1/query') {
        response.writeHead(404).end();
        return;
      }
      stand.queries.push(url.searchParams.get('query') ?? '');
      const now = Date.now() / 1000;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          status: 'success',
          data: { resultType: 'vector', result: [{ metric: {}, value: [now, String(sample())] }] },
        }),
      );
    });
    return stand;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server.close(() => {
        resolve();
      }),
    );
  }
}
