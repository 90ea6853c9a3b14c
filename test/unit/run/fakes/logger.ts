import type { Phase } from '../../../../src/errors/codes.js';
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
  const emit =
    (level: string) =>
    (message: string, fields: LogFields = {}): void => {
      lines.push({ level, phase: phaseOf(), message, fields: { ...base, ...fields } });
    };
  return {
    get phase() {
      return phaseOf();
    },
    error: emit('error'),
    warn: emit('warn'),
    info: emit('info'),
    debug: emit('debug'),
    forPhase: (next) => captureLogger(lines, next, base),
    following: (current) => captureLogger(lines, current, base),
    with: (more) => captureLogger(lines, phaseOf, { ...base, ...more }),
  };
}
