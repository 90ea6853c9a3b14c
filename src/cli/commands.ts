import type { Subcommand } from './context.js';

/**
 * Each role loads only its own modules (dynamic import), so `proxy` never pays for the
 * AWS or Kubernetes clients at start-up.
 */
export const SUBCOMMANDS: Readonly<
  Record<string, { summary: string; load: () => Promise<Subcommand> }>
> = {};
