// Bounded polling for the harness: every wait has a deadline and says what it waited for.
import { setTimeout as sleep } from 'node:timers/promises';

export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; abortIf?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    const abort = options.abortIf?.();
    if (abort !== undefined) throw new Error(`${what}: ${abort}`);
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(options.intervalMs ?? 100);
  }
  throw new Error(
    `${what}: not within ${options.timeoutMs} ms${lastError === '' ? '' : ` (last error: ${lastError})`}`,
  );
}
