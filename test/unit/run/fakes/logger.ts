import type { Phase } from '../../../../src/errors/codes.js';
import { bindLogger } from '../../../../src/log/bind.js';
import type { LogFields, Logger } from '../../../../src/log/logger.js';

export interface LogLine {
  readonly level: string;
  readonly phase: Phase;
  readonly message: string;
  readonly fields: LogFields;
}

/** Captures every line with its phase, so tests can assert "the phase is on every line". */
export function captureLogger(
  lines: LogLine[],
  phase: Phase | (() => Phase) = 'config',
  base: LogFields = {},
): Logger {
  const phaseOf = typeof phase === 'function' ? phase : () => phase;
  return bindLogger(
    (level, { message, phase: written, ...fields }) => {
      lines.push({ level, phase: written, message, fields });
    },
    phaseOf,
    base,
  );
}
