import { SUBCOMMANDS } from './commands.js';
import { EXIT, type CliContext } from '../core/context.js';

export const VERSION = '0.1.0';

function usage(): string {
  const rows = Object.entries(SUBCOMMANDS).map(
    ([name, { summary }]) => `  ${name.padEnd(9)}${summary}`,
  );
  return [
    'usage: ecs-http-chaos <command> [flags]',
    '',
    'commands:',
    ...rows,
    '  version  print the version',
  ].join('\n');
}

/** Dispatches to a subcommand and returns its exit code. */
export async function main(context: CliContext): Promise<number> {
  const [name, ...args] = context.args;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    context.stdout(usage());
    return name === undefined ? EXIT.invalid : EXIT.ok;
  }
  if (name === 'version' || name === '--version') {
    context.stdout(VERSION);
    return EXIT.ok;
  }
  const entry = SUBCOMMANDS[name];
  if (entry === undefined) {
    context.stderr(`ecs-http-chaos: unknown command '${name}'\n${usage()}`);
    return EXIT.invalid;
  }
  const run = await entry.load();
  return run({ ...context, args });
}
