import type { Lab } from './lab.js';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every `everyMs` until it returns true; throws `what` after `timeoutMs`. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/** Whether something listens on a TCP port in a namespace (asked of the kernel, by ss). */
export async function isListening(lab: Lab, ns: string, port: number): Promise<boolean> {
  const out = await lab.mustRun(ns, ['ss', '-Hltn', `sport = :${port}`]);
  return out.trim() !== '';
}

export function waitForListen(lab: Lab, ns: string, port: number, timeoutMs = 10_000) {
  return waitUntil(
    `a listener on port ${port} in ${ns}`,
    () => isListening(lab, ns, port),
    timeoutMs,
  );
}
