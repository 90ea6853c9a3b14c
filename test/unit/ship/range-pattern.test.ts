// values.schema.json bounds numbers given as strings with these patterns: they must accept
// exactly the decimal spellings the run accepts (digits, no sign, no leading zero) in range.
import { describe, expect, it } from '@jest/globals';
import { rangePattern } from '../../support/ship/range-pattern.js';

const matcher = (min: number, max: number): RegExp => new RegExp(`^${rangePattern(min, max)}$`);

/** Every number from 0 to limit, and the malformed spellings around the bounds. */
function acceptedUpTo(limit: number, pattern: RegExp): number[] {
  const accepted: number[] = [];
  for (let n = 0; n <= limit; n++) if (pattern.test(String(n))) accepted.push(n);
  return accepted;
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe('rangePattern', () => {
  it.each([
    [0, 0],
    [1, 9],
    [0, 60],
    [1, 100],
    [0, 100],
    [1, 300],
    [0, 3600],
    [8192, 65536],
    [95, 1005],
  ])('accepts exactly %i..%i among 0..99999', (min, max) => {
    expect(acceptedUpTo(99_999, matcher(min, max))).toEqual(range(min, max));
  });

  it('bounds the large ranges of ports, seconds and milliseconds at both ends', () => {
    const cases: [number, number][] = [
      [1, 65535],
      [1, 86_400],
      [0, 86_400_000],
    ];
    for (const [min, max] of cases) {
      const pattern = matcher(min, max);
      for (const inside of [min, min + 1, max - 1, max, Math.floor((min + max) / 2)]) {
        expect([inside, pattern.test(String(inside))]).toEqual([inside, true]);
      }
      for (const outside of [max + 1, max * 10, min - 1].filter((n) => n >= 0)) {
        expect([outside, pattern.test(String(outside))]).toEqual([outside, false]);
      }
    }
  });

  it('refuses signs, leading zeros, exponents, spaces and empty text', () => {
    const pattern = matcher(0, 65535);
    for (const spelling of ['', '+1', '-1', '01', '00', '1e3', ' 1', '1 ', '1.0', '0x10']) {
      expect([spelling, pattern.test(spelling)]).toEqual([spelling, false]);
    }
  });

  it('refuses an empty or negative range', () => {
    expect(() => rangePattern(5, 4)).toThrow(RangeError);
    expect(() => rangePattern(-1, 4)).toThrow(RangeError);
  });
});
