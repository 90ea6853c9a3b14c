import { readFile } from 'node:fs/promises';
import { EXIT, type CliContext } from '../core/context.js';
import { runHelp } from '../config/help.js';
import { ChaosError } from '../errors/chaos-error.js';
import { DEFAULT_POLL } from '../dispatch/poll.js';
import { cryptoRandom, systemClock } from '../core/clock.js';
import { createLogger } from '../log/logger.js';
import { runExperiment } from './run.js';
import { messageOf } from '../core/message.js';
import { HOST_SCRIPT_FILES, type HostScripts } from '../host/scripts.js';

/** Both builds, copied next to the compiled code by scripts/copy-assets.sh. */
async function hostScripts(): Promise<HostScripts> {
  return {
    full: await asset(HOST_SCRIPT_FILES.full),
    revert: await asset(HOST_SCRIPT_FILES.revert),
  };
}

async function asset(file: string): Promise<string> {
  const url = new URL(`../host/${file}`, import.meta.url);
  try {
    return await readFile(url, 'utf8');
  } catch (error) {
    throw new ChaosError({
      code: 'INTERNAL_ERROR',
      phase: 'select',
      target: url.pathname,
      reason: `the host script asset cannot be read: ${messageOf(error)}`,
      fix: `the installation is incomplete: rebuild the image (make build copies src/host/${file})`,
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
    hostScripts,
    poll: DEFAULT_POLL,
  });
}
