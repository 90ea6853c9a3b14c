import { readFile } from 'node:fs/promises';
import { EXIT, type CliContext } from '../core/context.js';
import { runHelp } from '../config/help.js';
import { ChaosError } from '../errors/chaos-error.js';
import { DEFAULT_POLL } from '../dispatch/poll.js';
import { cryptoRandom, systemClock } from '../core/clock.js';
import { createLogger } from '../log/logger.js';
import { runExperiment } from './run.js';
import { messageOf } from '../core/message.js';

/** Copied next to the compiled code by scripts/copy-assets.sh. */
const HOST_SCRIPT = new URL('../host/host.sh', import.meta.url);

async function hostScript(): Promise<string> {
  try {
    return await readFile(HOST_SCRIPT, 'utf8');
  } catch (error) {
    throw new ChaosError({
      code: 'INTERNAL_ERROR',
      phase: 'select',
      target: HOST_SCRIPT.pathname,
      reason: `the host script asset cannot be read: ${messageOf(error)}`,
      fix: 'the installation is incomplete: rebuild the image (make build copies src/host/host.sh)',
      cause: error,
    });
  }
}

/** The production wiring of `run`: real clock, CSPRNG, SDK adapters, stdout logs. */
export async function runCommand(context: CliContext): Promise<number> {
  const [first] = context.args;
  if (first === '--help' || first === '-h' || first === 'help') {
    for (const line of runHelp()) context.stdout(line);
    return EXIT.ok;
  }
  if (first !== undefined) {
    context.stderr(
      `ecs-http-chaos run: unexpected argument '${first}': every setting is an environment variable (see run --help)`,
    );
    return EXIT.invalid;
  }
  return runExperiment({
    env: context.env,
    clock: systemClock,
    random: cryptoRandom,
    signal: context.signal,
    stderr: context.stderr,
    logger: (output) =>
      createLogger(
        { level: output.logLevel, format: output.logFormat, stream: 'stdout' },
        'config',
      ),
    reporting: async (config, logger) => {
      const { openRunReporting } = await import('./open-reporting.js');
      return openRunReporting(config, {
        env: context.env,
        clock: systemClock,
        logger,
        stderr: context.stderr,
      });
    },
    connect: async (config, scope) => {
      // Loaded only now: an invalid configuration never even loads the SDK.
      const { connectAws } = await import('../aws/connect.js');
      return connectAws(config, scope, () => systemClock.now());
    },
    hostScript,
    poll: DEFAULT_POLL,
  });
}
