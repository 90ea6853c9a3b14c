import { describe, expect, it } from '@jest/globals';
import { createLineLogger } from '../../../src/log/line-logger.js';
import { createLogger } from '../../../src/log/logger.js';

const stripTime = (line: string) => line.replace(/^\S+ /, '');

describe('line logger (the proxy, without winston)', () => {
  it('writes the same text lines as the winston logger, phase included', () => {
    const light: string[] = [];
    const heavy: string[] = [];
    createLineLogger({ level: 'info', format: 'text', sink: (l) => light.push(l) }, 'proxy-serve')
      .with({ id: 'c1' })
      .warn('slow drain', { open: 2 });
    createLogger(
      { level: 'info', format: 'text', stream: 'stderr', sink: (l) => heavy.push(l) },
      'proxy-serve',
    )
      .with({ id: 'c1' })
      .warn('slow drain', { open: 2 });
    expect(light).toHaveLength(1);
    expect(stripTime(light[0]!)).toBe(stripTime(heavy[0]!));
    expect(light[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z WARN {2}\[proxy-serve\] slow drain/);
  });

  it('drops lines below its level and keeps the phase in json after forPhase()', () => {
    const lines: string[] = [];
    const log = createLineLogger(
      { level: 'warn', format: 'json', sink: (l) => lines.push(l) },
      'proxy-config',
    );
    log.info('hidden');
    log.forPhase('proxy-remove').error('chain busy', { chain: 'EHC-0123456789' });
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      expect.objectContaining({ level: 'error', phase: 'proxy-remove', chain: 'EHC-0123456789' }),
    ]);
  });
});
