import { readFile } from 'node:fs/promises';
import { ChaosError } from '../errors/index.js';
import { messageOf } from '../core/message.js';

const SCRIPT = new URL('./probe-command.sh', import.meta.url);
let cached: Promise<string> | undefined;

/** The checked-in command of source probe pods (probe-command.sh), read once. */
export function probeCommandScript(): Promise<string> {
  cached ??= readFile(SCRIPT, 'utf8').catch((error: unknown) => {
    cached = undefined;
    throw new ChaosError({
      code: 'INTERNAL_ERROR',
      phase: 'result-init',
      target: SCRIPT.pathname,
      reason: `cannot read the probe pod's command: ${messageOf(error)}`,
      fix: 'the installation is incomplete: rebuild the image (make build copies src/probes/probe-command.sh)',
    });
  });
  return cached;
}
