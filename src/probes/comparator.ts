export type ComparatorType = 'int' | 'float' | 'string';

/** A checked comparator: `test` never throws, it says whether and why. */
export interface Comparator {
  readonly type: ComparatorType;
  readonly criteria: string;
  readonly value: string;
  test(actual: string): { readonly ok: boolean; readonly description: string };
}

type Check<T> = (actual: T, expected: readonly T[]) => boolean;

const NUMERIC: Readonly<Record<string, { arity: 'one' | 'list' | 'two'; check: Check<number> }>> = {
  '>=': { arity: 'one', check: (a, [b]) => a >= (b ?? NaN) },
  '<=': { arity: 'one', check: (a, [b]) => a <= (b ?? NaN) },
  '>': { arity: 'one', check: (a, [b]) => a > (b ?? NaN) },
  '<': { arity: 'one', check: (a, [b]) => a < (b ?? NaN) },
  '==': { arity: 'one', check: (a, [b]) => a === b },
  '!=': { arity: 'one', check: (a, [b]) => a !== b },
  oneOf: { arity: 'list', check: (a, list) => list.includes(a) },
  between: { arity: 'two', check: (a, [low, high]) => a >= (low ?? NaN) && a <= (high ?? NaN) },
};

const STRING: Readonly<
  Record<string, (actual: string, value: string, list: readonly string[]) => boolean>
> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  contains: (a, b) => a.includes(b),
  matches: (a, b) => new RegExp(b).test(a),
  notMatches: (a, b) => !new RegExp(b).test(a),
  oneOf: (a, _b, list) => list.includes(a),
};

/** Litmus spells some criteria with a capital (OneOf, Between, NotEqual …); both work. */
const ALIASES: Readonly<Record<string, string>> = {
  OneOf: 'oneOf',
  Between: 'between',
  Equal: 'equal',
  NotEqual: 'notEqual',
  Contains: 'contains',
  Matches: 'matches',
  NotMatches: 'notMatches',
};

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_FLOATS: Readonly<Record<string, number>> = {
  nan: NaN,
  inf: Infinity,
  '+inf': Infinity,
  '-inf': -Infinity,
};

/** A number as Go's strconv would read it, or undefined. */
export function parseNumber(text: string, type: 'int' | 'float'): number | undefined {
  const trimmed = text.trim();
  if (type === 'int') return INT.test(trimmed) ? Number(trimmed) : undefined;
  if (FLOAT.test(trimmed)) return Number(trimmed);
  return SPECIAL_FLOATS[trimmed.toLowerCase()];
}

/** The comparator, or the reason the definition is unusable (checked before any run). */
export function comparatorOf(
  type: ComparatorType,
  rawCriteria: string,
  value: string,
): Comparator | { readonly problem: string } {
  const criteria = ALIASES[rawCriteria] ?? rawCriteria;
  return type === 'string'
    ? stringComparator(criteria, value)
    : numericComparator(type, criteria, value);
}

function numericComparator(
  type: 'int' | 'float',
  criteria: string,
  value: string,
): Comparator | { readonly problem: string } {
  const rule = NUMERIC[criteria];
  if (rule === undefined) {
    return { problem: `criteria "${criteria}" is not one of ${Object.keys(NUMERIC).join(' ')}` };
  }
  const numbers = expectedNumbers(type, rule.arity, value);
  if (!Array.isArray(numbers)) return numbers;
  const kind = type === 'int' ? 'whole number' : 'number';
  return {
    type,
    criteria,
    value,
    test: (actual) => {
      const number = parseNumber(actual, type);
      if (number === undefined) {
        return { ok: false, description: `actual value "${shorten(actual)}" is not a ${kind}` };
      }
      const ok = rule.check(number, numbers);
      return { ok, description: `actual ${number}, expected ${criteria} ${value}` };
    },
  };
}

/** `value` as the numbers a criteria needs: one, a list (oneOf), or low,high (between). */
function expectedNumbers(
  type: 'int' | 'float',
  arity: 'one' | 'list' | 'two',
  value: string,
): number[] | { readonly problem: string } {
  const parts = arity === 'one' ? [value] : value.split(',');
  const numbers = parts.map((part) => parseNumber(part, type));
  const kind = type === 'int' ? 'whole number' : 'number';
  if (numbers.some((number) => number === undefined)) {
    return {
      problem: `value "${value}" must be ${arity === 'one' ? `a ${kind}` : `a comma list of ${kind}s`}`,
    };
  }
  const [low, high] = numbers as number[];
  if (arity === 'two' && (numbers.length !== 2 || (low ?? 0) > (high ?? 0))) {
    return { problem: `between needs "low,high" with low <= high, got "${value}"` };
  }
  return numbers as number[];
}

function stringComparator(
  criteria: string,
  value: string,
): Comparator | { readonly problem: string } {
  const check = STRING[criteria];
  if (check === undefined) {
    return { problem: `criteria "${criteria}" is not one of ${Object.keys(STRING).join(' ')}` };
  }
  if (criteria === 'matches' || criteria === 'notMatches') {
    try {
      new RegExp(value);
    } catch {
      return { problem: `value "${value}" is not a valid regular expression` };
    }
  }
  const list = value.split(',');
  return {
    type: 'string',
    criteria,
    value,
    test: (actual) => ({
      ok: check(actual, value, list),
      description: `actual "${shorten(actual)}", expected ${criteria} "${value}"`,
    }),
  };
}

function shorten(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
