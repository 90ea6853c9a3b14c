/**
 * Offset pages behind an opaque token. The token is bound to the request's filters, so
 * a token reused with other filters is refused as the real services refuse it.
 */
import { createHash } from 'node:crypto';

export interface Page<T> {
  items: T[];
  nextToken: string | undefined;
}

export class BadToken extends Error {}

export function paginate<T>(
  items: readonly T[],
  pageSize: number,
  token: string | undefined,
  filterKey: string,
): Page<T> {
  const start = token === undefined ? 0 : decode(token, filterKey);
  const end = start + pageSize;
  return {
    items: items.slice(start, end),
    nextToken: end < items.length ? encode(end, filterKey) : undefined,
  };
}

function fingerprint(filterKey: string): string {
  return createHash('sha256').update(filterKey).digest('hex').slice(0, 16);
}

function encode(offset: number, filterKey: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint(filterKey) })).toString('base64');
}

function decode(token: string, filterKey: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as unknown;
    if (typeof parsed === 'object' && parsed !== null && 'o' in parsed && 'f' in parsed) {
      const { o, f } = parsed;
      if (typeof o === 'number' && Number.isInteger(o) && o >= 0 && f === fingerprint(filterKey)) {
        return o;
      }
    }
  } catch {
    // fall through to the refusal below
  }
  throw new BadToken('The nextToken is not valid for this request.');
}
