/**
 * Typed reads of a decoded request. A member of the wrong type or out of range is the
 * service's own validation error (each service words it its own way).
 */
import type { AwsError } from './errors.js';

export type JsonObject = Record<string, unknown>;
export type Invalid = (member: string, value: unknown, rule: string) => AwsError;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class Input {
  constructor(
    private readonly data: JsonObject,
    private readonly invalid: Invalid,
  ) {}

  has(name: string): boolean {
    return this.data[name] !== undefined && this.data[name] !== null;
  }

  string(name: string): string | undefined {
    const value = this.data[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string')
      throw this.invalid(member(name), value, 'Member must be a string');
    return value;
  }

  strings(name: string): string[] | undefined {
    const value = this.data[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      throw this.invalid(member(name), value, 'Member must be a list of strings');
    }
    return value as string[];
  }

  integer(name: string, min: number, max: number): number | undefined {
    const value = this.data[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw this.invalid(member(name), value, 'Member must be an integer');
    }
    if (value < min) {
      throw this.invalid(
        member(name),
        value,
        `Member must have value greater than or equal to ${min}`,
      );
    }
    if (value > max) {
      throw this.invalid(
        member(name),
        value,
        `Member must have value less than or equal to ${max}`,
      );
    }
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.data[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean')
      throw this.invalid(member(name), value, 'Member must be a boolean');
    return value;
  }

  objects(name: string): JsonObject[] | undefined {
    const value = this.data[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every(isObject)) {
      throw this.invalid(member(name), value, 'Member must be a list of structures');
    }
    return value;
  }

  object(name: string): JsonObject | undefined {
    const value = this.data[name];
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) throw this.invalid(member(name), value, 'Member must be a structure');
    return value;
  }
}

/** coral names members in lowerCamelCase in its messages whatever the wire casing. */
function member(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
