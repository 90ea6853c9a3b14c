import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import {
  createServer as createTcpServer,
  type AddressInfo,
  type Server as TcpServer,
  type Socket,
} from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkFor } from '../../../src/probes/checks.js';
import { evaluate, realTimeout } from '../../../src/probes/evaluate.js';
import { withFileInputs } from '../../../src/probes/file-inputs.js';
import { parseProbes } from '../../../src/probes/parse.js';
import type { CheckResult, ProbeDefinition } from '../../../src/probes/types.js';
import { FakeClock } from '../../support/fakes/clock.js';

const servers: (Server | TcpServer)[] = [];
const sockets = new Set<Socket>();
let folder = '';
let base = '';
let received: { method: string; type: string | undefined; body: string }[] = [];

async function listen(server: Server | TcpServer): Promise<number> {
  servers.push(server);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function app(request: IncomingMessage, response: ServerResponse): void {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString()));
  request.on('end', () => {
    received.push({ method: request.method ?? '', type: request.headers['content-type'], body });
    if (request.url === '/hang') return;
    if (request.url?.startsWith('/api/v1/query') === true) {
      prometheus(request, response);
      return;
    }
    const status = request.url === '/down' ? 503 : request.url === '/created' ? 201 : 200;
    response.writeHead(status, { 'content-type': 'text/plain' }).end('body');
  });
}

/** A test peer answering like Prometheus' /api/v1/query for a few fixed queries. */
function prometheus(request: IncomingMessage, response: ServerResponse): void {
  const query = new URL(request.url ?? '', 'http://x').searchParams.get('query');
  const answers: Record<string, unknown> = {
    error_ratio: {
      status: 'success',
      data: { resultType: 'vector', result: [{ metric: {}, value: [1, '0.25'] }] },
    },
    'scalar(1)': { status: 'success', data: { resultType: 'scalar', result: [1, '1'] } },
    empty: { status: 'success', data: { resultType: 'vector', result: [] } },
    two: {
      status: 'success',
      data: { resultType: 'vector', result: [{ value: [1, '1'] }, { value: [1, '2'] }] },
    },
  };
  const answer = answers[query ?? ''] ?? {
    status: 'error',
    errorType: 'bad_data',
    error: `parse error in ${String(query)}`,
  };
  response
    .writeHead(answer === answers[query ?? ''] ? 200 : 400, { 'content-type': 'application/json' })
    .end(JSON.stringify(answer));
}

let httpsBase = '';
let refusedPort = 0;
let resetPort = 0;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ehc-unit-probes-'));
  base = `http://127.0.0.1:${await listen(createHttpServer(app))}`;
  // A peer that resets every connection once the request arrives: what the fault does.
  resetPort = await listen(
    createTcpServer((socket) => {
      socket.once('data', () => socket.resetAndDestroy());
    }),
  );
  const closed = createTcpServer();
  refusedPort = await new Promise<number>((resolve) =>
    closed.listen(0, '127.0.0.1', () => {
      resolve((closed.address() as AddressInfo).port);
    }),
  );
  await new Promise<void>((resolve) => {
    closed.close(() => {
      resolve();
    });
  });
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    join(folder, 'key.pem'),
    '-out',
    join(folder, 'cert.pem'),
  ]);
  const tls = createHttpsServer(
    {
      key: await readFile(join(folder, 'key.pem')),
      cert: await readFile(join(folder, 'cert.pem')),
    },
    app,
  );
  httpsBase = `https://127.0.0.1:${await listen(tls)}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await rm(folder, { recursive: true, force: true });
});

const run = { probeTimeout: '2s', interval: '1s' };

function probe(type: ProbeDefinition['type'], inputs: Record<string, unknown>): ProbeDefinition {
  const [parsed] = parseProbes(
    [{ name: 'p', type, mode: 'SOT', runProperties: run, [`${type}/inputs`]: inputs }],
    'test',
    'pre-chaos',
  );
  if (parsed === undefined) throw new Error('no probe');
  return parsed;
}

function check(definition: ProbeDefinition, timeoutMs = 2000): Promise<CheckResult> {
  return checkFor(definition, { k8s: undefined, source: undefined })(
    AbortSignal.timeout(timeoutMs),
  );
}

const get = (
  url: string,
  criteria = '==',
  responseCode = '200',
  extra: Record<string, unknown> = {},
) => probe('httpProbe', { url, method: { get: { criteria, responseCode } }, ...extra });

describe('httpProbe against real loopback servers', () => {
  it('compares the status code as an int', async () => {
    expect(await check(get(`${base}/ok`))).toEqual({
      ok: true,
      description: `GET ${base}/ok: status actual 200, expected == 200`,
    });
    expect((await check(get(`${base}/down`))).ok).toBe(false);
    expect((await check(get(`${base}/down`, 'between', '500,599'))).ok).toBe(true);
  });

  it('a reset, a refusal and a timeout are probe failures with the reason, never errors', async () => {
    const reset = await check(get(`http://127.0.0.1:${resetPort}/`));
    expect(reset).toEqual({
      ok: false,
      description: `GET http://127.0.0.1:${resetPort}/: ECONNRESET (connection reset by peer)`,
    });
    const refused = await check(get(`http://127.0.0.1:${refusedPort}/`));
    expect(refused.description).toContain('ECONNREFUSED (connection refused)');
    const properties = get(`${base}/hang`).runProperties;
    const slow = await evaluate(
      checkFor(get(`${base}/hang`), { k8s: undefined, source: undefined }),
      { ...properties, probeTimeoutMs: 150 },
      { clock: new FakeClock(), timeout: realTimeout },
      new AbortController().signal,
    );
    expect(slow).toEqual({ ok: false, description: 'timed out after 150 ms (probeTimeout)' });
  });

  it('POSTs the body (inline or from bodyPath) with its content type', async () => {
    await writeFile(join(folder, 'order.json'), '{"sku":"42"}');
    received = [];
    const inline = probe('httpProbe', {
      url: `${base}/created`,
      method: {
        post: {
          contentType: 'application/json',
          body: '{"a":1}',
          criteria: 'oneOf',
          responseCode: '200,201',
        },
      },
    });
    const fromFile = probe('httpProbe', {
      url: `${base}/created`,
      method: {
        post: {
          contentType: 'application/json',
          bodyPath: join(folder, 'order.json'),
          criteria: '==',
          responseCode: '201',
        },
      },
    });
    expect((await check(inline)).ok).toBe(true);
    const [loaded] = await withFileInputs([fromFile], 'test');
    expect((await check(loaded!)).ok).toBe(true);
    expect(received).toEqual([
      { method: 'POST', type: 'application/json', body: '{"a":1}' },
      { method: 'POST', type: 'application/json', body: '{"sku":"42"}' },
    ]);
  });

  it('verifies TLS unless insecureSkipVerify is set', async () => {
    const strict = await check(get(`${httpsBase}/ok`));
    expect(strict.ok).toBe(false);
    expect(strict.description).toMatch(/self.signed|certificate/i);
    expect(
      (await check(get(`${httpsBase}/ok`, '==', '200', { insecureSkipVerify: true }))).ok,
    ).toBe(true);
  });
});

describe('cmdProbe (inline, sh -c)', () => {
  const cmd = (command: string, type: string, criteria: string, value: string) =>
    probe('cmdProbe', { command, comparator: { type, criteria, value } });

  it('compares the trimmed stdout as int, float or string', async () => {
    expect(await check(cmd('echo 7', 'int', '>=', '5'))).toEqual({
      ok: true,
      description: 'actual 7, expected >= 5',
    });
    expect((await check(cmd('printf "0.25\\n"', 'float', '<', '0.2'))).ok).toBe(false);
    expect(
      (await check(cmd('echo "status: green" | cut -d" " -f2', 'string', 'oneOf', 'green,amber')))
        .ok,
    ).toBe(true);
  });

  it('a command that fails or overruns is a failure naming why', async () => {
    const failing = await check(cmd('echo nope >&2; exit 4', 'int', '==', '0'));
    expect(failing).toEqual({ ok: false, description: 'command failed (exit status 4): nope' });
  });

  it('a command that overruns probeTimeout is killed with everything it started', async () => {
    const marker = `29.${process.pid}`;
    const started = Date.now();
    const slow = await evaluate(
      checkFor(cmd(`sleep ${marker}; echo 0`, 'int', '==', '0'), {
        k8s: undefined,
        source: undefined,
      }),
      { ...cmd('true', 'int', '==', '0').runProperties, probeTimeoutMs: 200 },
      { clock: new FakeClock(), timeout: realTimeout },
      new AbortController().signal,
    );
    expect(slow).toEqual({ ok: false, description: 'timed out after 200 ms (probeTimeout)' });
    expect(Date.now() - started).toBeLessThan(10_000);
    const { stdout } = await promisify(execFile)('ps', ['-eo', 'args']);
    expect(stdout).not.toContain(`sleep ${marker}`);
  });
});

describe('promProbe against a fake Prometheus HTTP API', () => {
  const prom = (
    query: string,
    criteria: string,
    value: string,
    extra: Record<string, unknown> = {},
  ) =>
    probe('promProbe', {
      endpoint: base,
      ...(query === '' ? {} : { query }),
      comparator: { criteria, value },
      ...extra,
    });

  it('reads a one-sample vector or a scalar and compares it as a float', async () => {
    expect(await check(prom('error_ratio', '<', '0.5'))).toEqual({
      ok: true,
      description: 'query "error_ratio": actual 0.25, expected < 0.5',
    });
    expect((await check(prom('error_ratio', '<', '0.1'))).ok).toBe(false);
    expect((await check(prom('scalar(1)', '==', '1'))).ok).toBe(true);
  });

  it('reads the query from queryPath', async () => {
    await writeFile(join(folder, 'query.promql'), 'error_ratio\n');
    const [loaded] = await withFileInputs(
      [prom('', '<=', '0.25', { queryPath: join(folder, 'query.promql') })],
      'test',
    );
    expect((await check(loaded!)).ok).toBe(true);
  });

  it('no sample, several samples, a query error or no Prometheus are failures', async () => {
    expect((await check(prom('empty', '>', '0'))).description).toBe(
      'query "empty": expected exactly one sample, got 0',
    );
    expect((await check(prom('two', '>', '0'))).description).toBe(
      'query "two": expected exactly one sample, got 2',
    );
    expect((await check(prom('rate(', '>', '0'))).description).toBe(
      'query "rate(": Prometheus answered error: parse error in rate(',
    );
    const gone = probe('promProbe', {
      endpoint: `http://127.0.0.1:${refusedPort}`,
      query: 'up',
      comparator: { criteria: '==', value: '1' },
    });
    expect((await check(gone)).description).toContain('ECONNREFUSED');
  });
});
