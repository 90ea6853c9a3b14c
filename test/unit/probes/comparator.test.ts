import { describe, expect, it } from '@jest/globals';
import { comparatorOf, type Comparator } from '../../../src/probes/comparator.js';
import { parseDuration } from '../../../src/probes/duration.js';

function valid(type: Comparator['type'], criteria: string, value: string): Comparator {
  const comparator = comparatorOf(type, criteria, value);
  if ('problem' in comparator) throw new Error(comparator.problem);
  return comparator;
}

describe('probe durations', () => {
  it.each([
    ['5s', 5000],
    ['500ms', 500],
    ['1m30s', 90_000],
    ['1.5h', 5_400_000],
    ['250us', 0],
    ['0', 0],
    ['10', 10_000],
    [7, 7000],
  ])('%p is %i ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each(['-5s', '5 s', 's', '1d', '', '25h', 1.5, -1, true])(
    '%p is refused with a reason',
    (input) => {
      const parsed = parseDuration(input);
      expect(parsed).toEqual({ problem: expect.any(String) as unknown });
    },
  );
});

describe('comparators (docs/reference/litmus.md)', () => {
  it.each([
    ['int', '==', '200', '200', true],
    ['int', '==', '200', '503', false],
    ['int', '!=', '200', '503', true],
    ['int', '>=', '200', '200', true],
    ['int', '>', '200', '200', false],
    ['int', '<', '500', '499', true],
    ['int', '<=', '500', '501', false],
    ['int', 'oneOf', '200,201,204', '204', true],
    ['int', 'OneOf', '200,201', '404', false],
    ['int', 'between', '200,299', '299', true],
    ['int', 'Between', '200,299', '300', false],
    ['int', '==', '5', '5.0', false],
    ['float', '>=', '0.99', '0.995', true],
    ['float', '<', '0.5', 'NaN', false],
    ['float', '>', '1e3', '+Inf', true],
    ['float', 'between', '0.1,0.2', '0.15', true],
    ['float', 'oneOf', '1.5,2.5', '2.5', true],
    ['string', 'equal', 'ok', 'ok', true],
    ['string', 'Equal', 'ok', 'OK', false],
    ['string', 'notEqual', 'down', 'up', true],
    ['string', 'contains', 'healthy', 'all healthy here', true],
    ['string', 'Contains', 'healthy', 'unhealthy', true],
    ['string', 'matches', '^v\\d+\\.\\d+$', 'v1.37', true],
    ['string', 'notMatches', 'error|fail', 'all good', true],
    ['string', 'NotMatches', 'error|fail', 'it failed', false],
    ['string', 'oneOf', 'green,amber', 'amber', true],
    ['string', 'oneOf', 'green,amber', 'red', false],
  ] as const)('%s %s %s against %s → %p', (...[type, criteria, value, actual, ok]) => {
    expect(valid(type, criteria, value).test(actual).ok).toBe(ok);
  });

  it('says what it compared, and a non-number actual value is a failure, not a crash', () => {
    expect(valid('int', '==', '200').test('503')).toEqual({
      ok: false,
      description: 'actual 503, expected == 200',
    });
    expect(valid('int', '>=', '1').test('many')).toEqual({
      ok: false,
      description: 'actual value "many" is not a whole number',
    });
  });

  it.each([
    ['int', '~=', '1', /criteria "~=" is not one of/],
    ['int', '==', 'abc', /must be a whole number/],
    ['int', 'between', '5', /low,high/],
    ['int', 'between', '9,1', /low <= high/],
    ['float', 'oneOf', '1,x', /comma list of numbers/],
    ['string', 'startsWith', 'a', /is not one of equal notEqual/],
    ['string', 'matches', '([a-z', /not a valid regular expression/],
  ] as const)('refuses %s %s %s before anything runs', (type, criteria, value, problem) => {
    const comparator = comparatorOf(type, criteria, value);
    expect('problem' in comparator ? comparator.problem : '').toMatch(problem);
  });
});
