import { showValue } from '../config/show-value.js';
import { comparatorOf, type Comparator, type ComparatorType } from './comparator.js';
import { parseDuration } from './duration.js';

/**
 * Reads one mapping of a probe definition, collecting every problem with its path
 * (`probe "check-api" httpProbe/inputs.url: must be …`) instead of stopping at the first.
 */
export class Fields {
  constructor(
    readonly value: Readonly<Record<string, unknown>>,
    readonly path: string,
    private readonly problems: string[],
  ) {}

  static of(value: unknown, path: string, problems: string[]): Fields | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return new Fields(value as Record<string, unknown>, path, problems);
    }
    problems.push(`${path}: must be a mapping, got ${describe(value)}`);
    return undefined;
  }

  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  problem(key: string, rule: string): void {
    this.problems.push(`${this.at(key)}: ${rule}`);
  }

  at(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  child(key: string): Fields | undefined {
    if (!this.has(key)) {
      this.problem(key, 'is required');
      return undefined;
    }
    return Fields.of(this.value[key], this.at(key), this.problems);
  }

  text(key: string, required: boolean): string | undefined {
    const value = this.value[key];
    if (value === undefined || value === null || value === '') {
      if (required) this.problem(key, 'is required');
      return undefined;
    }
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    this.problem(key, `must be a string, got ${describe(value)}`);
    return undefined;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.text(key, true);
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problem(key, `${showValue(value)} is not one of ${allowed.join(', ')} (exact case)`);
    return undefined;
  }

  flag(key: string): boolean {
    const value = this.value[key];
    if (value === undefined || value === null || value === true || value === false) {
      return value === true;
    }
    if (value === 'true' || value === 'false') return value === 'true';
    this.problem(key, `must be true or false, got ${describe(value)}`);
    return false;
  }

  count(key: string): number {
    const value = this.value[key];
    if (value === undefined || value === null) return 0;
    const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (
      typeof number === 'number' &&
      Number.isSafeInteger(number) &&
      number >= 0 &&
      number <= 1000
    ) {
      return number;
    }
    this.problem(key, `must be a whole number from 0 to 1000, got ${describe(value)}`);
    return 0;
  }

  duration(key: string, fallbackMs: number | undefined): number {
    const value = this.value[key];
    if (value === undefined || value === null || value === '') {
      if (fallbackMs === undefined) this.problem(key, 'is required (a duration such as "5s")');
      return fallbackMs ?? 0;
    }
    const parsed = parseDuration(value);
    if (typeof parsed === 'number') return parsed;
    this.problem(key, `${describe(value)} ${parsed.problem}`);
    return 0;
  }

  comparator(type: ComparatorType, criteriaKey: string, valueKey: string): Comparator | undefined {
    const criteria = this.text(criteriaKey, true);
    const expected = this.text(valueKey, true);
    if (criteria === undefined || expected === undefined) return undefined;
    const comparator = comparatorOf(type, criteria, expected);
    if ('problem' in comparator) {
      this.problem(criteriaKey, comparator.problem);
      return undefined;
    }
    return comparator;
  }
}

export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return showValue(value);
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
}
