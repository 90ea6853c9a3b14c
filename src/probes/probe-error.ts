/**
 * A probe that cannot be evaluated at all: a tool missing from the image, a probe pod that
 * cannot start, a refused API call. Unlike a failed check it says nothing about the
 * target, so it ends the run as an Error (`<TYPE>_PROBE_ERROR`), never as a probe failure.
 * The runner adds the phase and the probe's name when it turns this into a ChaosError.
 */
export class ProbeError extends Error {
  constructor(
    readonly reason: string,
    readonly fix: string,
  ) {
    super(reason);
    this.name = 'ProbeError';
  }
}

const NOT_FOUND = /(?:^|:\s*)([^\s:]+): (?:command )?not found\s*$/m;

/** What an inline command needs to use a tool the image may not have. */
export const MISSING_TOOL_FIX =
  'Use a tool the experiment image has (sh, curl, jq and coreutils), or run the command in a pod of an image that has it (cmdProbe/inputs.source.image, with the chart value probes.source.enabled=true); for Kubernetes checks use a k8sProbe';

/**
 * Exit 127 (not found) or 126 (not executable) from `sh -c`: the command never reached the
 * target. The tool's name comes from the shell's own words when they name it.
 */
export function unrunnable(
  code: number | null,
  stderr: string,
  where: string,
): ProbeError | undefined {
  if (code !== 127 && code !== 126) return undefined;
  const said = stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300);
  const tool = NOT_FOUND.exec(stderr)?.[1];
  const what =
    code === 127
      ? `needs ${tool ?? 'a command'} that is not in ${where}`
      : `ran something ${where} cannot execute`;
  return new ProbeError(
    `the command ${what} (exit ${code}${said === '' ? '' : `: ${said}`})`,
    code === 127
      ? MISSING_TOOL_FIX
      : 'Check the file permissions and the interpreter of what the command runs',
  );
}
