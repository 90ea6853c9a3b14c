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
  return isoSecond(lastSecond(deadlineMs));
}

function lastSecond(deadlineMs: number): number {
  return Math.floor(deadlineMs / 1000) - 1;
}

function isoSecond(second: number): string {
  return new Date(second * 1000).toISOString().slice(0, 19);
}

/**
 * The redirect's lease (docs/decisions/0130): renewed at `nowMs`, it matches through the
 * end of the next whole second, so a proxy that stops renewing (SIGKILL) stops
 * redirecting within two seconds by the kernel's clock; never past the deadline's own stop.
 */
export function leaseSecond(nowMs: number, deadlineMs: number): number {
  return Math.min(Math.floor(nowMs / 1000) + 1, lastSecond(deadlineMs));
}

/** The first instant (epoch ms) at which a lease renewed at `nowMs` no longer matches. */
export function leaseExpiryMs(nowMs: number, deadlineMs: number): number {
  return (leaseSecond(nowMs, deadlineMs) + 1) * 1000;
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

/** The REDIRECT in our chain, matching only while its lease (renewed at `nowMs`) runs. */
function redirectBody(spec: RedirectSpec, nowMs: number): readonly string[] {
  return [
    '-p',
    'tcp',
    '-m',
    'time',
    '--datestop',
    isoSecond(leaseSecond(nowMs, spec.deadlineMs)),
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

export function redirectRule(spec: RedirectSpec, nowMs: number): readonly string[] {
  return ['-t', 'nat', '-A', chainName(spec.chaosId), ...redirectBody(spec, nowMs)];
}

/**
 * The lease renewal: `-R` replaces rule 1 of our own chain in one kernel transaction (one
 * table swap with legacy), so there is no instant without a redirect, and no position in
 * a shared chain (PREROUTING) can have moved under us.
 */
export function renewRule(spec: RedirectSpec, nowMs: number): readonly string[] {
  return ['-t', 'nat', '-R', chainName(spec.chaosId), '1', ...redirectBody(spec, nowMs)];
}

/**
 * `--syn`: only a real handshake is redirected, so connections already open when
 * conntrack switches on are never picked up mid-stream. `time`: the kernel stops
 * jumping at the deadline even if every process of ours died (the REDIRECT's lease, in
 * the chain, ends it sooner when the proxy dies).
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
