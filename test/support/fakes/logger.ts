import { createLogger, type Logger } from '../../../src/log/logger.js';

/** A real logger writing JSON lines into an array the test can read. */
export function captureLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(
    {
      level: 'debug',
      format: 'json',
      stream: 'stderr',
      sink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
    },
    'result',
  );
  return { logger, lines };
}
