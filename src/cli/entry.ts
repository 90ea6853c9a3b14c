import { processEnvironment } from '../config/environment.js';
import { main } from './main.js';

// The single place the process ends. Signals become an AbortSignal so every
// subcommand can revert before it returns its own exit code.
const controller = new AbortController();
for (const name of ['SIGTERM', 'SIGINT'] as const) {
  process.on(name, () => {
    if (!controller.signal.aborted) controller.abort(name);
  });
}

const code = await main({
  args: process.argv.slice(2),
  env: processEnvironment(),
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  signal: controller.signal,
});
// eslint-disable-next-line no-restricted-properties -- the one sanctioned exit
process.exit(code);
