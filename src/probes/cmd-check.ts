import { runShell } from './command.js';
import { ProbeError, unrunnable } from './probe-error.js';
import type { CheckResult, CmdProbeInputs } from './types.js';

const IMAGE = 'the experiment image';

/**
 * An inline cmdProbe: the user's own command, run as written by `sh -c` in the experiment
 * pod; we add nothing to it. Trimmed stdout goes to the comparator. A non-zero exit is the
 * target failing the probe, except 126/127 and a missing shell: those are Errors that
 * name the missing tool (ADR 0161).
 */
export async function inlineCmdCheck(
  inputs: CmdProbeInputs,
  signal: AbortSignal,
): Promise<CheckResult> {
  const { code, stdout, stderr } = await runShell(inputs.command, signal).catch(
    (error: unknown) => {
      throw spawnFailure(error) ?? error;
    },
  );
  const cannot = unrunnable(code, stderr, IMAGE);
  if (cannot !== undefined) throw cannot;
  if (code !== 0) {
    const said = stderr.trim() === '' ? '' : `: ${stderr.trim().slice(-300)}`;
    return { ok: false, description: `command failed (exit status ${String(code)})${said}` };
  }
  return inputs.comparator.test(stdout.trim());
}

/** /bin/sh itself missing or not executable: nothing of the probe ever ran. */
function spawnFailure(error: unknown): ProbeError | undefined {
  const code = (error as { code?: unknown }).code;
  if (code !== 'ENOENT' && code !== 'EACCES') return undefined;
  return new ProbeError(
    `/bin/sh cannot be started in ${IMAGE} (${code})`,
    'Run the experiment image as built (it has /bin/sh), or give the probe a source image',
  );
}
