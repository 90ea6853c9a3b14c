import type { Invocation, InvocationSummary } from '../experiment/aws-api.js';
import { parseHostOutput } from '../host/payload-output.js';

/** The agent's banner between stdout and stderr in a plugin's Output. */
const ERROR_BANNER = '\n----------ERROR-------\n';
/** The agent's mark where it cut stdout to fit the Output (about 2,500 characters). */
const STDOUT_CUT = '---Output truncated---';

/**
 * The finished invocation a ListCommandInvocations row (Details=true) already holds, so
 * the host needs no GetCommandInvocation (ADR 0192). Only a Success whose stdout came
 * whole: not cut by the agent, and ending in the host script's summary line, which it
 * prints last. Anything else (a failure, a cut output, an old agent) returns undefined and
 * is read with GetCommandInvocation as before, so the verdict never rests on a part.
 */
export function listedInvocation(row: InvocationSummary): Invocation | undefined {
  const { output } = row;
  if (row.status !== 'Success' || row.responseCode !== 0 || output === undefined) return undefined;
  if (output.includes(STDOUT_CUT)) return undefined;
  const banner = output.indexOf(ERROR_BANNER);
  const stdout = banner === -1 ? output : output.slice(0, banner);
  const stderr = banner === -1 ? '' : output.slice(banner + ERROR_BANNER.length);
  const report = parseHostOutput(stdout, { instanceId: row.instanceId });
  const last = report.events.at(-1);
  if (report.summary === undefined || last?.event !== 'summary') return undefined;
  return { status: 'Success', statusDetails: row.statusDetails, responseCode: 0, stdout, stderr };
}
