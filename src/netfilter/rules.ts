import { chainName, keeperComment, ruleComment } from './names.js';

export type Family = 'ipv4' | 'ipv6';
export type Backend = 'nft' | 'legacy';

/** What one proxy asks the kernel to redirect, and until when. */
export interface RedirectSpec {
  readonly chaosId: string;
  readonly interfaceName: string;
  readonly targetPort: number;
  readonly proxyPort: number;
  /** Absolute end of the window, UTC epoch milliseconds. */
  readonly deadlineMs: number;
}

/**
 * xt_time compares whole seconds and `--datestop` is inclusive: a rule with datestop S
 * still matches until S+0.999 (measured on this kernel). So the last matching second is
 * the one that ends at or before the deadline: floor(deadline) − 1 s, in UTC.
 */
export function datestop(deadlineMs: number): string {
  const lastSecond = Math.floor(deadlineMs / 1000) - 1;
  return new Date(lastSecond * 1000).toISOString().slice(0, 19);
}

/** Filter INPUT, no target: its only job is to keep conntrack registered in the namespace. */
export function keeperRule(chaosId: string): readonly string[] {
  return [
    '-t',
    'filter',
    '-A',
    'INPUT',
    '-m',
    'conntrack',
    '--ctstate',
    'NEW',
    '-m',
    'comment',
    '--comment',
    keeperComment(chaosId),
  ];
}

export function newChain(chaosId: string): readonly string[] {
  return ['-t', 'nat', '-N', chainName(chaosId)];
}

export function redirectRule(spec: RedirectSpec): readonly string[] {
  return [
    '-t',
    'nat',
    '-A',
    chainName(spec.chaosId),
    '-p',
    'tcp',
    '-m',
    'comment',
    '--comment',
    ruleComment(spec.chaosId),
    '-j',
    'REDIRECT',
    '--to-ports',
    String(spec.proxyPort),
  ];
}

/**
 * `--syn`: only a real handshake is redirected, so connections already open when
 * conntrack switches on are never picked up mid-stream. `time`: the kernel stops
 * redirecting at the deadline even if every process of ours died.
 */
export function jumpRule(spec: RedirectSpec): readonly string[] {
  return [
    '-t',
    'nat',
    '-I',
    'PREROUTING',
    '-i',
    spec.interfaceName,
    '-p',
    'tcp',
    '--syn',
    '--dport',
    String(spec.targetPort),
    '-m',
    'time',
    '--datestop',
    datestop(spec.deadlineMs),
    '-m',
    'comment',
    '--comment',
    ruleComment(spec.chaosId),
    '-j',
    chainName(spec.chaosId),
  ];
}
