import { valueOf } from '../config/environment.js';
import { EXIT, type CliContext } from '../core/context.js';
import { Netfilter } from '../netfilter/netfilter.js';
import type { Selector } from '../netfilter/plan.js';
import {
  isClean,
  removeEverywhere,
  type RemovalReport,
  removedCount,
} from '../netfilter/remove.js';
import type { Logger } from '../log/logger.js';
import { installedToolsets, execProgram, type ExecProgram } from '../netfilter/tools.js';
import { proxyLogger } from './command.js';
import { chaosId } from './options.js';
import { flagError, readFlags } from './flag-reader.js';
import { noIptables } from './preflight.js';

export const CLEANUP_USAGE = 'usage: ecs-http-chaos cleanup (--id ID | --all)';

function parseSelector(args: readonly string[]): { selector?: Selector; errors: string[] } {
  const flags = readFlags(args, { id: {}, all: { switch: true } });
  const errors = [...flags.errors];
  const all = flags.switches.has('all');
  if (all === flags.values.has('id')) {
    errors.push(
      flagError('id', flags.values.get('id'), 'give exactly one of --id ID and --all', 'exp-7f3a'),
    );
    return { errors };
  }
  if (all) return { selector: { all: true }, errors };
  const id = chaosId(flags, errors);
  return id === undefined ? { errors } : { selector: { chaosId: id }, errors };
}

/** One `removed` line per rule or chain removed; failures and leftovers on stderr. */
function printReport(r: RemovalReport, context: CliContext, log: Logger): void {
  for (const { what, table, chain, text } of r.removed) {
    const line = {
      event: 'removed',
      backend: r.backend,
      family: r.family,
      table,
      chain,
      what,
      text,
    };
    context.stdout(JSON.stringify(line));
  }
  for (const failure of r.failures) log.error(`${r.backend} ${r.family}: ${failure}`);
  for (const left of r.remaining) log.error(`${r.backend} ${r.family}: still present: ${left}`);
}

/**
 * `ecs-http-chaos cleanup`: removes what this tool tagged in the current network namespace,
 * on every installed backend and family. Idempotent; never touches an untagged rule.
 */
export async function cleanupCommand(
  context: CliContext,
  run: ExecProgram = execProgram,
): Promise<number> {
  const log = proxyLogger(context).forPhase('cleanup');
  const { selector, errors } = parseSelector(context.args);
  if (selector === undefined || errors.length > 0) {
    for (const error of errors) log.error(error);
    log.error(CLEANUP_USAGE);
    return EXIT.invalid;
  }
  const toolsets = installedToolsets(valueOf(context.env, 'PATH'));
  if (toolsets.length === 0) {
    log.error(noIptables().message);
    return EXIT.invalid;
  }
  const reports = await removeEverywhere(
    toolsets.map((t) => new Netfilter(t, run)),
    selector,
    'everything',
  );
  for (const r of reports) printReport(r, context, log);
  const removed = removedCount(reports);
  const clean = isClean(reports);
  const scope = 'all' in selector ? { all: true } : { id: selector.chaosId };
  context.stdout(JSON.stringify({ event: 'cleanup', ...scope, removed, clean }));
  log.info(
    `removed ${removed} rules/chains; ${clean ? 'nothing tagged is left' : 'some could not be removed'}`,
  );
  return clean ? EXIT.ok : EXIT.error;
}
