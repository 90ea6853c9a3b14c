/** The text layout of a log line, shared by every logger implementation. */
export function renderText(record: Readonly<Record<string, unknown>>): string {
  const { level, message, phase, timestamp, ...rest } = record;
  const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  return `${String(timestamp)} ${String(level).toUpperCase().padEnd(5)} [${String(phase)}] ${String(message)}${extra}`;
}
