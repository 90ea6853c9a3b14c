// A regular expression (RE2 and ECMAScript alike) for the decimal integers from min to max,
// written as the run reads them: digits only, no sign, no leading zero. values.schema.json
// uses it so that "70000" is refused as a port even when given as a string.

/** The pattern without anchors, e.g. rangePattern(1, 100) matches "1".."100". */
export function rangePattern(min: number, max: number): string {
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || min > max) {
    throw new RangeError(`rangePattern needs 0 <= min <= max, got ${min}..${max}`);
  }
  const parts: string[] = [];
  for (let digits = String(min).length; digits <= String(max).length; digits++) {
    const low = Math.max(min, digits === 1 ? 0 : 10 ** (digits - 1));
    const high = Math.min(max, 10 ** digits - 1);
    if (low <= high) parts.push(sameLength(String(low), String(high)));
  }
  return parts.length === 1 ? (parts[0] ?? '') : `(?:${parts.join('|')})`;
}

/** Numbers of equal length from a to b (strings of digits, a <= b). */
function sameLength(a: string, b: string): string {
  if (a === b) return a;
  if (/^0*$/.test(a) && /^9*$/.test(b)) return digitRun(a.length);
  const [a0, b0] = [Number(a[0]), Number(b[0])];
  const restA = a.slice(1);
  const restB = b.slice(1);
  if (a.length === 1) return `[${a0}-${b0}]`;
  if (a0 === b0) return `${a0}${sameLength(restA, restB)}`;
  const alternatives = [`${a0}${sameLength(restA, '9'.repeat(restA.length))}`];
  if (a0 + 1 <= b0 - 1) alternatives.push(`${digitClass(a0 + 1, b0 - 1)}${digitRun(restA.length)}`);
  alternatives.push(`${b0}${sameLength('0'.repeat(restB.length), restB)}`);
  return `(?:${alternatives.join('|')})`;
}

function digitClass(from: number, to: number): string {
  return from === to ? String(from) : `[${from}-${to}]`;
}

function digitRun(length: number): string {
  return length === 1 ? '[0-9]' : `[0-9]{${length}}`;
}
