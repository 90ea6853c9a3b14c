/** Wall-clock source (epoch ms); injected so tests control time. */
export type Now = () => number;

// Long windows are waited out in slices, so a wall-clock step (NTP) moves the end too.
const SLICE_MS = 60_000;

/**
 * Resolves with 'deadline' once the wall clock reaches `deadlineMs`, or with the signal's
 * reason ('SIGTERM', 'SIGINT') when it aborts first.
 */
export function waitForWindowEnd(
  deadlineMs: number,
  now: Now,
  signal: AbortSignal,
): Promise<string> {
  if (signal.aborted) return Promise.resolve(String(signal.reason));
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (reason: string) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(reason);
    };
    const onAbort = () => {
      finish(String(signal.reason));
    };
    const check = () => {
      const remaining = deadlineMs - now();
      if (remaining <= 0) finish('deadline');
      else timer = setTimeout(check, Math.min(remaining, SLICE_MS));
    };
    signal.addEventListener('abort', onAbort);
    check();
  });
}
