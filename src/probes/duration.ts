/** Milliseconds per unit of Go's time.ParseDuration. */
const UNITS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const GO_DURATION = /^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
const WHOLE_SECONDS = /^\d+$/;
/** A day: no probe property needs more, and it keeps timers far from their 2^31 ms limit. */
export const DURATION_MAX_MS = 86_400_000;

/**
 * Litmus 3.x reads probe durations with Go's time.ParseDuration ("5s", "500ms", "1m30s");
 * 2.x took whole seconds as integers. Both are accepted (ADR 0064). Negative values and
 * anything above a day are refused. Returns milliseconds, or the reason it is not valid.
 */
export function parseDuration(value: unknown): number | { readonly problem: string } {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0
      ? bounded(value * 1000)
      : { problem: 'must be a whole number of seconds or a duration such as "5s"' };
  }
  if (typeof value !== 'string') return { problem: 'must be a duration such as "5s" or "500ms"' };
  const text = value.trim();
  if (WHOLE_SECONDS.test(text)) return bounded(Number(text) * 1000);
  if (!GO_DURATION.test(text)) {
    return {
      problem: 'must be a duration such as "5s", "500ms" or "1m30s" (units ns us ms s m h)',
    };
  }
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) {
    total += Number(amount) * (UNITS[unit ?? 's'] ?? 0);
  }
  return bounded(Math.round(total));
}

function bounded(ms: number): number | { readonly problem: string } {
  return ms <= DURATION_MAX_MS ? ms : { problem: 'must be at most 24h' };
}
