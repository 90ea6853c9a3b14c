import type { Clock } from '../core/clock.js';
import { ProbeError } from './probe-error.js';
import type { CheckResult, RunProperties } from './types.js';
import { messageOf } from '../core/message.js';

/**
 * One try of a probe: a request, a command, an API call. Must honour the signal. A
 * ProbeError thrown by it is not a failed try: the probe cannot be evaluated (an Error).
 */
export type ProbeCheck = ((signal: AbortSignal) => Promise<CheckResult>) & {
  /**
   * Time a try may take on top of probeTimeout before its own clock starts (a probe pod
   * being scheduled and pulled); the check then enforces probeTimeout itself.
   */
  readonly startupMs?: number;
};

/** Real per-try deadlines; tests pass their own to decide when a try times out. */
export type TimeoutSignal = (ms: number) => AbortSignal;
export const realTimeout: TimeoutSignal = (ms) => AbortSignal.timeout(ms);

/** Sleeps `ms` unless the signal fires first; never throws. */
export async function pause(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return;
  await clock.sleep(ms, signal).catch(() => undefined);
}

/**
 * One evaluation: up to `attempts` tries, `interval` apart, each cut at `probeTimeout`
 * (unlike Litmus, which lets a slow command run on). The first passing try wins; an
 * exception is a failed try, never an experiment error (connection resets are expected),
 * except a ProbeError, which ends the evaluation (the probe cannot run at all).
 */
export async function evaluate(
  check: ProbeCheck,
  properties: RunProperties,
  deps: {
    readonly clock: Clock;
    readonly timeout: TimeoutSignal;
    readonly onTry?: (attempt: number, result: CheckResult) => void;
  },
  signal: AbortSignal,
): Promise<CheckResult> {
  let last: CheckResult = { ok: false, description: 'not evaluated' };
  for (let attempt = 1; attempt <= properties.attempts; attempt += 1) {
    last = await tryOnce(check, properties.probeTimeoutMs, deps.timeout, signal);
    deps.onTry?.(attempt, last);
    if (last.ok || signal.aborted) return last;
    if (attempt < properties.attempts) await pause(deps.clock, properties.intervalMs, signal);
  }
  const tries = properties.attempts > 1 ? ` (all ${properties.attempts} attempts failed)` : '';
  return { ok: false, description: `${last.description}${tries}` };
}

async function tryOnce(
  check: ProbeCheck,
  timeoutMs: number,
  timeout: TimeoutSignal,
  signal: AbortSignal,
): Promise<CheckResult> {
  const deadline = timeout(timeoutMs + (check.startupMs ?? 0));
  const combined = AbortSignal.any([signal, deadline]);
  try {
    const result = await check(combined);
    if (deadline.aborted && !result.ok) return timedOut(timeoutMs);
    return result;
  } catch (error) {
    if (error instanceof ProbeError) throw error;
    if (deadline.aborted) return timedOut(timeoutMs);
    return { ok: false, description: messageOf(error) };
  }
}

function timedOut(ms: number): CheckResult {
  return { ok: false, description: `timed out after ${ms} ms (probeTimeout)` };
}
