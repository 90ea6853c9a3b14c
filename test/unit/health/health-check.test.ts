import { describe, expect, it } from '@jest/globals';
import {
  assessHealth,
  awaitHealthy,
  viewHealth,
  type HealthView,
} from '../../../src/health/health-check.js';
import type { EcsApi } from '../../../src/experiment/aws-api.js';
import type { ServiceInfo } from '../../../src/experiment/types.js';
import { FakeClock } from '../../support/fakes/clock.js';
import { task, taskArn } from '../experiment/fixtures.js';

const service = (running: number, desired = 2, status = 'ACTIVE'): ServiceInfo => ({
  arn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/checkout',
  name: 'checkout',
  status,
  desiredCount: desired,
  runningCount: running,
  launchType: 'EC2',
});

const view = (over: Partial<HealthView> = {}): HealthView => ({
  service: { name: 'checkout', info: service(2) },
  tasks: { found: [task(1), task(2)], missing: [] },
  targeted: [taskArn(1), taskArn(2)],
  ...over,
});

describe('DEFAULT_HEALTH_CHECK', () => {
  it('steady: ACTIVE service at its desired count, every targeted task RUNNING', () => {
    expect(assessHealth(view())).toEqual({ healthy: true, problems: [] });
  });

  it('names every problem', () => {
    const result = assessHealth(
      view({
        service: { name: 'checkout', info: service(1) },
        tasks: {
          found: [task(1, { lastStatus: 'STOPPED' })],
          missing: [{ ref: taskArn(2), reason: 'MISSING' }],
        },
      }),
    );
    expect(result).toEqual({
      healthy: false,
      problems: [
        'service checkout runs 1 of 2 desired tasks',
        `task ${taskArn(1)} is STOPPED, not RUNNING`,
        `task ${taskArn(2)} is gone (MISSING)`,
      ],
    });
    expect(assessHealth(view({ service: { name: 'checkout', info: undefined } })).problems).toEqual(
      ['service checkout not found'],
    );
    expect(
      assessHealth(view({ service: { name: 'checkout', info: service(2, 2, 'DRAINING') } }))
        .problems,
    ).toEqual(['service checkout is DRAINING, not ACTIVE']);
  });

  it('tasks named without a service: only the tasks are checked', () => {
    expect(
      assessHealth(
        view({
          service: undefined,
          tasks: { found: [task(1)], missing: [] },
          targeted: [taskArn(1)],
        }),
      ).healthy,
    ).toBe(true);
  });

  it('looks through the ECS port and waits STATUS_CHECK_DELAY between looks until healthy or out of time', async () => {
    let running = 0;
    const ecs = {
      describeService: () => Promise.resolve(service(running++)),
      describeTasks: () => Promise.resolve({ found: [task(1)], missing: [] }),
    } as unknown as EcsApi;
    const clock = new FakeClock();
    const healthy = await awaitHealthy(
      () => viewHealth(ecs, 'prod', 'checkout', [taskArn(1)]),
      clock,
      { delayMs: 2000, timeoutMs: 180_000 },
    );
    expect(healthy.healthy).toBe(true);
    expect(clock.sleeps).toEqual([2000, 2000]);
    running = -100;
    const stuck = await awaitHealthy(
      () => viewHealth(ecs, 'prod', 'checkout', [taskArn(1)]),
      clock,
      { delayMs: 2000, timeoutMs: 10_000 },
    );
    expect(stuck.healthy).toBe(false);
    expect(clock.sleeps).toHaveLength(2 + 5);
  });
});
