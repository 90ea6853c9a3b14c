/**
 * Faults a test can turn on, at start or while the emulator runs. Actions are named as
 * IAM names them (`ssm:SendCommand`, `ecs:ListTasks`); `*` matches every action.
 * Throttling draws from a seeded generator so a run is reproducible.
 */
import { policyAllows, type PolicyDocument } from './policy.js';
import { AWS_RATE_LIMITS, RateLimiter, type RateBucket } from './rate-limits.js';

export type LostResponseMode = 'reset' | '500';

export interface KnobSettings {
  /** Fraction 0..1 of matching calls answered ThrottlingException (before any work). */
  throttle?: { rate: number; seed?: number; actions?: string[] };
  /** Milliseconds added before every answer, or per action. */
  latencyMs?: number | Record<string, number>;
  /** Calls answered AccessDeniedException naming the action (optionally for one principal). */
  deny?: { action: string; principalArn?: string }[];
  /** Every caller holds exactly this identity policy: actions it does not allow are denied. */
  policy?: PolicyDocument;
  /** The call is performed, then its answer lost: the connection reset, or a 500. */
  loseResponse?: { action: string; mode: LostResponseMode; times?: number }[];
  /** Invocations delivered late (an instance id, or every instance when absent). */
  lateDelivery?: { instanceId?: string; delayMs: number; times?: number }[];
  /** How long after SendCommand GetCommandInvocation answers InvocationDoesNotExist. */
  invocationVisibilityMs?: number;
  /** A proxy or gateway answers instead of AWS: an HTML page with this status, nothing done. */
  gatewayHtml?: { action: string; status: number; times?: number }[];
  /** ListTasks also lists these task ARNs (a misbehaving endpoint, or a race). */
  strayTaskArns?: string[];
  /** Per-account token buckets: `aws` for the documented (ECS) and assumed (SSM) ones. */
  rateLimits?: 'aws' | RateBucket[] | undefined;
  /** What a simulated host takes to answer, per mode (ms; ADR 0191). */
  hostDelayMs?: number | { inject?: number; revert?: number; status?: number };
}

export const DEFAULT_VISIBILITY_MS = 400;

export class Knobs {
  private settings: KnobSettings;
  private random: () => number;
  private limiter: RateLimiter | undefined;

  constructor(
    settings: KnobSettings = {},
    private readonly now: () => number = Date.now,
  ) {
    this.settings = structuredClone(settings);
    this.random = mulberry32(settings.throttle?.seed ?? 1);
    this.limiter = limiterOf(settings.rateLimits, now);
  }

  /** Replaces the named knobs; the others keep their values. */
  set(changes: KnobSettings): void {
    this.settings = { ...this.settings, ...structuredClone(changes) };
    if (changes.throttle !== undefined) this.random = mulberry32(changes.throttle.seed ?? 1);
    if ('rateLimits' in changes) this.limiter = limiterOf(changes.rateLimits, this.now);
  }

  get current(): Readonly<KnobSettings> {
    return this.settings;
  }

  get invocationVisibilityMs(): number {
    return this.settings.invocationVisibilityMs ?? DEFAULT_VISIBILITY_MS;
  }

  throttles(action: string): boolean {
    const throttle = this.settings.throttle;
    if (throttle === undefined || throttle.rate <= 0) return false;
    if (throttle.actions !== undefined && !throttle.actions.some((a) => matches(a, action))) {
      return false;
    }
    return this.random() < throttle.rate;
  }

  /** True when the action's rate bucket is empty: the call is answered ThrottlingException. */
  overRate(action: string): boolean {
    return this.limiter !== undefined && !this.limiter.take(action);
  }

  hostDelay(mode: string): number {
    const delay = this.settings.hostDelayMs;
    if (delay === undefined || typeof delay === 'number') return delay ?? 0;
    return delay[mode as keyof typeof delay] ?? 0;
  }

  latency(action: string): number {
    const latency = this.settings.latencyMs;
    if (latency === undefined) return 0;
    if (typeof latency === 'number') return latency;
    return latency[action] ?? latency['*'] ?? 0;
  }

  denies(action: string, principalArn: string | undefined): boolean {
    const policy = this.settings.policy;
    if (policy !== undefined && !policyAllows(policy, action)) return true;
    return (this.settings.deny ?? []).some(
      (rule) =>
        matches(rule.action, action) &&
        (rule.principalArn === undefined || rule.principalArn === principalArn),
    );
  }

  /** Consumes one lost-response rule matching the action, if any. */
  takeLostResponse(action: string): LostResponseMode | undefined {
    const rule = take(this.settings.loseResponse, (r) => matches(r.action, action));
    return rule?.mode;
  }

  /** Consumes one gateway rule matching the action: the HTTP status to answer with. */
  takeGatewayHtml(action: string): number | undefined {
    return take(this.settings.gatewayHtml, (r) => matches(r.action, action))?.status;
  }

  get strayTaskArns(): readonly string[] {
    return this.settings.strayTaskArns ?? [];
  }

  /** Consumes one late-delivery rule for the instance; 0 when none applies. */
  takeDeliveryDelay(instanceId: string): number {
    const rule = take(
      this.settings.lateDelivery,
      (r) => r.instanceId === undefined || r.instanceId === instanceId,
    );
    return rule?.delayMs ?? 0;
  }
}

function limiterOf(limits: KnobSettings['rateLimits'], now: () => number): RateLimiter | undefined {
  if (limits === undefined) return undefined;
  return new RateLimiter(limits === 'aws' ? AWS_RATE_LIMITS : limits, now);
}

function matches(pattern: string, action: string): boolean {
  return pattern === '*' || pattern.toLowerCase() === action.toLowerCase();
}

/** Finds a rule and counts one use of it; a rule without `times` never runs out. */
function take<T extends { times?: number }>(rules: T[] | undefined, test: (rule: T) => boolean) {
  const rule = rules?.find((candidate) => test(candidate) && (candidate.times ?? 1) > 0);
  if (rule?.times !== undefined) rule.times -= 1;
  return rule;
}

/** A small, well-known 32-bit PRNG: the same seed gives the same throttling pattern. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
