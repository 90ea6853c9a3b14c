import type { Subcommand } from '../core/context.js';

/**
 * Each role loads only its own modules (dynamic import), so `proxy` never pays for the
 * AWS or Kubernetes clients at start-up.
 */
export const SUBCOMMANDS: Readonly<
  Record<string, { summary: string; load: () => Promise<Subcommand> }>
> = {
  run: {
    summary: 'the experiment: find the tasks, inject through SSM, hold the window, revert, report',
    load: async () => (await import('../run/command.js')).runCommand,
  },
  proxy: {
    summary: 'run the fault in this network namespace until the deadline (redirect, reset, remove)',
    load: async () => (await import('../proxy/command.js')).proxyCommand,
  },
  cleanup: {
    summary: 'remove the rules and chains this tool tagged in this network namespace',
    load: async () => (await import('../proxy/cleanup-command.js')).cleanupCommand,
  },
};
