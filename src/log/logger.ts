import { Writable } from 'node:stream';
import winston from 'winston';
import type { Phase } from '../errors/codes.js';
import { bindLogger } from './bind.js';
import { renderText } from './render.js';
import type { LogFormat, LogLevel, Logger } from './types.js';

export type { LogFields, LogFormat, LogLevel, Logger } from './types.js';

export interface LoggerOptions {
  readonly level: LogLevel;
  readonly format: LogFormat;
  /** The proxy keeps stdout for its JSON event contract, so its logs go to stderr. */
  readonly stream: 'stdout' | 'stderr';
  /** Tests capture lines here instead of a console stream. */
  readonly sink?: (line: string) => void;
}

const textFormat = winston.format.printf((info) => renderText(info));

export function createLogger(options: LoggerOptions, phase: Phase): Logger {
  const format = winston.format.combine(
    winston.format.timestamp(),
    options.format === 'json' ? winston.format.json() : textFormat,
  );
  const target =
    options.sink === undefined
      ? options.stream === 'stderr'
        ? process.stderr
        : process.stdout
      : lineWriter(options.sink);
  const transport = new winston.transports.Stream({ stream: target });
  // winston types its transports as interfaces with construct signatures, which this rule
  // cannot relate to the TransportStream class they really are.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
  const root = winston.createLogger({ level: options.level, format, transports: [transport] });
  return bindLogger(
    (level, record) => root.log({ level, ...record }),
    () => phase,
    {},
  );
}

function lineWriter(sink: (line: string) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') sink(line);
      done();
    },
  });
}
