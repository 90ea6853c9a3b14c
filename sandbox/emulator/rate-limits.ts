/**
 * Per-account request rate quotas as token buckets (docs/decisions/0190). A bucket holds
 * `burst` tokens, refills `refillPerSecond`, and is shared by every action listed on it
 * (ECS groups its actions into categories that share one bucket). A request that finds the
 * bucket empty is answered ThrottlingException and takes no token, as ECS describes it.
 */
export interface RateBucket {
  /** A name for reports, e.g. `ecs:cluster-resource-read`. */
  name: string;
  /** IAM action names (`ecs:DescribeTasks`) sharing this bucket. */
  actions: string[];
  /** Bucket maximum capacity: the most requests allowed in one second. */
  burst: number;
  /** Tokens added per second: the sustained rate. */
  refillPerSecond: number;
}

/**
 * ECS: the table of "Request throttling for the Amazon ECS API" (ECS API reference),
 * the buckets of every action `run` calls. SSM publishes no rate for Run Command or
 * DescribeInstanceInformation: these are assumed, deliberately low (ADR 0190), so an
 * executor that stays inside them stays inside anything more generous.
 */
export const AWS_RATE_LIMITS: readonly RateBucket[] = [
  {
    name: 'ecs:cluster-read',
    actions: ['ecs:DescribeClusters', 'ecs:ListClusters'],
    burst: 50,
    refillPerSecond: 20,
  },
  {
    name: 'ecs:service-read',
    actions: ['ecs:DescribeServices', 'ecs:ListServices'],
    burst: 100,
    refillPerSecond: 20,
  },
  {
    name: 'ecs:cluster-resource-read',
    actions: [
      'ecs:DescribeContainerInstances',
      'ecs:DescribeTasks',
      'ecs:ListAttributes',
      'ecs:ListContainerInstances',
      'ecs:ListTasks',
    ],
    burst: 100,
    refillPerSecond: 20,
  },
  {
    name: 'ecs:task-definition-read',
    actions: [
      'ecs:DescribeTaskDefinition',
      'ecs:ListTaskDefinitions',
      'ecs:ListTaskDefinitionFamilies',
    ],
    burst: 50,
    refillPerSecond: 20,
  },
  ...[
    'ssm:SendCommand',
    'ssm:ListCommandInvocations',
    'ssm:GetCommandInvocation',
    'ssm:CancelCommand',
    'ssm:DescribeInstanceInformation',
  ].map((action) => ({ name: action, actions: [action], burst: 10, refillPerSecond: 5 })),
];

/**
 * The same table with another assumption for SSM: `perSecond` per action, bursts of two
 * seconds' worth (the bench asks "what if the account allowed this much?", ADR 0193).
 */
export function awsRateLimitsWithSsm(perSecond: number): RateBucket[] {
  return AWS_RATE_LIMITS.map((bucket) =>
    bucket.name.startsWith('ssm:')
      ? {
          ...bucket,
          actions: [...bucket.actions],
          burst: 2 * perSecond,
          refillPerSecond: perSecond,
        }
      : { ...bucket, actions: [...bucket.actions] },
  );
}

const MILLI = 1000;

interface Level {
  /** Thousandths of a token. */
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly byAction = new Map<string, RateBucket>();
  private readonly levels = new Map<RateBucket, Level>();

  constructor(
    buckets: readonly RateBucket[],
    private readonly now: () => number = Date.now,
  ) {
    for (const bucket of buckets) {
      for (const action of bucket.actions) this.byAction.set(action.toLowerCase(), bucket);
    }
  }

  /** Takes a token for the action; false when its bucket is empty (the call is throttled). */
  take(action: string): boolean {
    const bucket = this.byAction.get(action.toLowerCase());
    if (bucket === undefined) return true;
    const at = this.now();
    // In thousandths of a token: whole milliseconds times tokens per second stay exact.
    const full = bucket.burst * MILLI;
    const level = this.levels.get(bucket) ?? { tokens: full, at };
    const refilled = Math.min(full, level.tokens + (at - level.at) * bucket.refillPerSecond);
    const ok = refilled >= MILLI;
    this.levels.set(bucket, { tokens: ok ? refilled - MILLI : refilled, at });
    return ok;
  }

  /** The bucket an action draws from, if any (for reports). */
  bucketOf(action: string): RateBucket | undefined {
    return this.byAction.get(action.toLowerCase());
  }
}
