import type { Phase } from '../errors/codes.js';
import { renderText } from './render.js';
import type { LogFields, LogFormat, LogLevel, Logger } from './types.js';

const RANK: Readonly<Record<LogLevel, number>> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface LineLoggerOptions {
  readonly level: LogLevel;
  readonly format: LogFormat;
  readonly sink: (line: string) => void;
}

/**
 * The same Logger, lines and layout as the winston one, without loading winston: the proxy
 * starts inside the target's namespace on every inject, and winston alone costs it ~17 MiB
 * of RSS and ~30 ms of start-up (bench/README.md).
 */
export function createLineLogger(options: LineLoggerOptions, phase: Phase): Logger {
  return bind(options, () => phase, {});
}

function bind(options: LineLoggerOptions, phaseOf: () => Phase, fields: LogFields): Logger {
  const emit = (level: LogLevel) => (message: string, extra?: LogFields) => {
    if (RANK[level] > RANK[options.level]) return;
    const record = {
      level,
      message,
      ...fields,
      ...extra,
      phase: phaseOf(),
      timestamp: new Date().toISOString(),
    };
    options.sink(options.format === 'json' ? JSON.stringify(record) : renderText(record));
  };
  return {
    get phase() {
      return phaseOf();
    },
    error: emit('error'),
    warn: emit('warn'),
    info: emit('info'),
    debug: emit('debug'),
    forPhase: (next) => bind(options, () => next, fields),
    following: (current) => bind(options, current, fields),
    with: (more) => bind(options, phaseOf, { ...fields, ...more }),
  };
}
