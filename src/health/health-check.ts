import type { Clock } from '../core/clock.js';
import type { EcsApi } from '../experiment/aws-api.js';
import type { DescribeResult, ServiceInfo, TaskInfo } from '../experiment/types.js';
import type { HealthResult } from '../result/outcome.js';

/** What ECS says about the service and the targeted tasks at one moment. */
export interface HealthView {
  /** Undefined: no service to check (tasks named by TASK_REPLICA_ID alone). */
  readonly service: { readonly name: string; readonly info: ServiceInfo | undefined } | undefined;
  readonly tasks: DescribeResult<TaskInfo>;
  readonly targeted: readonly string[];
}

/**
 * DEFAULT_HEALTH_CHECK (ADR 0065): the service is ACTIVE with as many tasks running as it
 * wants, and every targeted task is RUNNING. Pure: every problem is named.
 */
export function assessHealth(view: HealthView): HealthResult {
  const problems: string[] = [];
  if (view.service !== undefined) {
    const { name, info } = view.service;
    if (info === undefined) problems.push(`service ${name} not found`);
    else if (info.status !== 'ACTIVE')
      problems.push(`service ${name} is ${info.status}, not ACTIVE`);
    else if (info.runningCount !== info.desiredCount) {
      problems.push(
        `service ${name} runs ${info.runningCount} of ${info.desiredCount} desired tasks`,
      );
    }
  }
  const byRef = new Map<string, TaskInfo>();
  for (const task of view.tasks.found) {
    byRef.set(task.arn, task);
    byRef.set(task.id, task);
  }
  for (const ref of view.targeted) {
    const task = byRef.get(ref);
    if (task === undefined) {
      const missing = view.tasks.missing.find((entry) => entry.ref === ref);
      problems.push(`task ${ref} is gone${missing === undefined ? '' : ` (${missing.reason})`}`);
    } else if (task.lastStatus !== 'RUNNING') {
      problems.push(`task ${ref} is ${task.lastStatus}, not RUNNING`);
    }
  }
  return { healthy: problems.length === 0, problems };
}

/** One look through the ECS port: DescribeServices (when a service is known) and DescribeTasks. */
export async function viewHealth(
  ecs: EcsApi,
  cluster: string,
  service: string | undefined,
  targeted: readonly string[],
): Promise<HealthView> {
  const [info, tasks] = await Promise.all([
    service === undefined ? Promise.resolve(undefined) : ecs.describeService(cluster, service),
    targeted.length === 0
      ? Promise.resolve({ found: [], missing: [] })
      : ecs.describeTasks(cluster, targeted),
  ]);
  return { service: service === undefined ? undefined : { name: service, info }, tasks, targeted };
}

/**
 * Checks every STATUS_CHECK_DELAY until healthy or STATUS_CHECK_TIMEOUT has passed (a
 * service replacing a task needs a moment), returning the last assessment.
 */
export async function awaitHealthy(
  look: () => Promise<HealthView>,
  clock: Clock,
  budget: { readonly delayMs: number; readonly timeoutMs: number },
  signal?: AbortSignal,
): Promise<HealthResult> {
  const deadline = clock.now() + budget.timeoutMs;
  for (;;) {
    const result = assessHealth(await look());
    if (result.healthy || clock.now() + budget.delayMs > deadline || signal?.aborted === true) {
      return result;
    }
    await clock.sleep(budget.delayMs, signal).catch(() => undefined);
  }
}
