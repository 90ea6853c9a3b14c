/**
 * The emulator as a process, for `make demo`:
 *   node .build/sandbox/emulator/main.js --fixture world.json [--port 0] [--host 127.0.0.1] [--knobs '{…}']
 * prints {"event":"listening","endpoint":…} on stdout once it accepts requests, and on
 * SIGTERM/SIGINT kills every command it started, closes, prints {"event":"stopped",…}.
 */
import { parseArgs } from 'node:util';
import { startAwsEmulator } from './index.js';
import { loadFixture, parseKnobs } from './load-fixture.js';

const USAGE = 'usage: main.js --fixture FILE [--port N] [--host ADDR] [--knobs JSON]';

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      fixture: { type: 'string' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      knobs: { type: 'string', default: '{}' },
    },
  });
  const port = Number(values.port);
  if (values.fixture === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const aws = await startAwsEmulator(await loadFixture(values.fixture), parseKnobs(values.knobs), {
    host: values.host,
    port,
  });
  process.stdout.write(
    `${JSON.stringify({ event: 'listening', endpoint: aws.endpoint, pid: process.pid })}\n`,
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await aws.stop();
  const summary = { event: 'stopped', signal, requests: aws.requests.perAction() };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `aws emulator: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
