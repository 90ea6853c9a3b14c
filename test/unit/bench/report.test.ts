import { describe, expect, it } from '@jest/globals';
import { percentile, summarize } from '../../../bench/stats.js';
import { cell, formatTable, share } from '../../../bench/table.js';

describe('percentiles', () => {
  it('uses the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarizes an unsorted sample and says when there is none', () => {
    expect(summarize([5, 1, 3])).toEqual({ n: 3, p50: 3, p99: 5, max: 5, min: 1 });
    expect(summarize([])).toBeNull();
  });
});

describe('tables', () => {
  it('aligns figures right under their headers and marks missing ones', () => {
    const text = formatTable(
      'T',
      ['name', 'req/s'],
      [
        ['direct', cell(64242) + share(64242, 64242)],
        ['HAProxy', cell(null)],
      ],
    );
    expect(text.split('\n')).toEqual([
      'T',
      'name             req/s',
      '-------  -------------',
      'direct   64,242 (100%)',
      'HAProxy              –',
    ]);
  });

  it('gives shares of a baseline only when there is one', () => {
    expect(share(25, 100)).toBe(' (25%)');
    expect(share(25, null)).toBe('');
    expect(share(25, 0)).toBe('');
    expect(cell(1.234, 2)).toBe('1.23');
  });
});
