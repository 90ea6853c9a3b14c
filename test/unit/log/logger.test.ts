import { describe, expect, it } from '@jest/globals';
import { createLogger } from '../../../src/log/logger.js';

describe('logger', () => {
  it('puts the phase on every line, also after with() and forPhase()', () => {
    const lines: string[] = [];
    const log = createLogger(
      { level: 'debug', format: 'json', stream: 'stderr', sink: (line) => lines.push(line) },
      'config',
    );
    log.info('read tunables', { count: 3 });
    log.with({ target: 'task-1' }).forPhase('inject').warn('slow host');
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed[0]).toMatchObject({
      level: 'info',
      phase: 'config',
      message: 'read tunables',
      count: 3,
    });
    expect(parsed[1]).toMatchObject({ level: 'warn', phase: 'inject', target: 'task-1' });
  });

  it('renders text lines with the phase in brackets and drops lines below the level', () => {
    const lines: string[] = [];
    const log = createLogger(
      { level: 'info', format: 'text', stream: 'stdout', sink: (line) => lines.push(line) },
      'revert',
    );
    log.debug('hidden');
    log.error('host unreachable', { host: 'i-1' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ERROR \[revert\] host unreachable \{"host":"i-1"\}$/);
  });
});
