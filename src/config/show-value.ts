/** How much of a hostile or mistaken value an error line quotes. */
export const SHOWN_VALUE_MAX = 80;

/**
 * Renders an untrusted value for one log line: JSON-quoted, and every character outside
 * printable ASCII written as \uXXXX, so a newline cannot forge a log line, a bidi control
 * cannot reorder it, and a lookalike (Cyrillic "е", fullwidth "８") is visibly not ASCII.
 * Long values are cut and their length said.
 */
export function showValue(value: string): string {
  const cut = value.length > SHOWN_VALUE_MAX;
  const head = cut ? value.slice(0, SHOWN_VALUE_MAX) : value;
  const quoted = JSON.stringify(head).replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return cut ? `${quoted.slice(0, -1)}..." (${value.length} characters)` : quoted;
}
