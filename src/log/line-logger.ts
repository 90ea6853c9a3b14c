import type { Phase } from '../errors/codes.js';
import { bindLogger, type RecordWriter } from './bind.js';
import { renderText } from './render.js';
import type { LogFormat, LogLevel, Logger } from './types.js';

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
  const write: RecordWriter = (level, record) => {
    if (RANK[level] > RANK[options.level]) return;
    const line = { level, ...record, timestamp: new Date().toISOString() };
    options.sink(options.format === 'json' ? JSON.stringify(line) : renderText(line));
  };
  return bindLogger(write, () => phase, {});
}
