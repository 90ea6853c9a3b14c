import type { Phase } from '../errors/codes.js';
import type { LogFields, LogLevel, Logger } from './types.js';

/** Writes one record; the logger has already merged its bound fields and the phase in. */
export type RecordWriter = (
  level: LogLevel,
  record: LogFields & { readonly message: string; readonly phase: Phase },
) => void;

/**
 * The Logger surface shared by the winston logger and the proxy's line logger: only how a
 * record is written differs, so binding phases and fields lives here once.
 */
export function bindLogger(write: RecordWriter, phaseOf: () => Phase, fields: LogFields): Logger {
  const emit = (level: LogLevel) => (message: string, extra?: LogFields) => {
    write(level, { message, ...fields, ...extra, phase: phaseOf() });
  };
  return {
    get phase() {
      return phaseOf();
    },
    error: emit('error'),
    warn: emit('warn'),
    info: emit('info'),
    debug: emit('debug'),
    forPhase: (next) => bindLogger(write, () => next, fields),
    following: (current) => bindLogger(write, current, fields),
    with: (more) => bindLogger(write, phaseOf, { ...fields, ...more }),
  };
}
