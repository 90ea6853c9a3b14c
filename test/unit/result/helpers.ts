import type { Environment } from '../../../src/core/context.js';
import type { RunConfig } from '../../../src/config/run-config.js';
import { ResultReporter, type ReporterDeps } from '../../../src/result/reporter.js';
import { identityOf } from '../../../src/result/identity.js';
import type { ChaosResultObject, EventObject } from '../../../src/result/types.js';
import { FakeClock } from '../../support/fakes/clock.js';
import { captureLogger } from '../../support/fakes/logger.js';
import { MemoryStore } from '../../support/fakes/store.js';
import { load } from '../config/helpers.js';

export const ENGINE_ENV: Environment = {
  CHAOSENGINE: 'checkout-chaos',
  CHAOS_UID: '1b4e28ba-2fa1-11d2-883f-0016d3cca427',
  CHAOS_NAMESPACE: 'litmus',
  POD_NAME: 'ecs-container-http-reset-peer-abc12-xyz',
  EXPERIMENT_NAME: 'ecs-container-http-reset-peer',
};

export interface Rig {
  readonly config: RunConfig;
  readonly results: MemoryStore<ChaosResultObject>;
  readonly events: MemoryStore<EventObject>;
  readonly clock: FakeClock;
  readonly lines: Record<string, unknown>[];
  readonly summary: string[];
  reporter(over?: Partial<ReporterDeps>): ResultReporter;
}

/** A reporter over in-memory stores; stores and clock survive across reporters (runs). */
export function rig(env: Environment = ENGINE_ENV): Rig {
  const config = load(env);
  const results = new MemoryStore<ChaosResultObject>();
  const events = new MemoryStore<EventObject>();
  const clock = new FakeClock();
  const { logger, lines } = captureLogger();
  const summary: string[] = [];
  return {
    config,
    results,
    events,
    clock,
    lines,
    summary,
    reporter: (over = {}) =>
      new ResultReporter({
        sink: 'kubernetes',
        location: 'test',
        results,
        events,
        identity: identityOf(config),
        labels: () =>
          Promise.resolve({ 'job-name': 'exp-abc12', name: 'ecs-container-http-reset-peer' }),
        clock,
        logger,
        retry: { attempts: 5, delayMs: 2000 },
        resetTimeoutMs: config.fault.resetTimeoutMs,
        summary: (line) => summary.push(line),
        ...over,
      }),
  };
}

export const RESULT_NAME = 'checkout-chaos-ecs-container-http-reset-peer';

export function resultOf(
  store: MemoryStore<ChaosResultObject>,
  name = RESULT_NAME,
): ChaosResultObject {
  const found = store.objects.get(name);
  if (found === undefined) throw new Error(`no ChaosResult ${name}`);
  return found as unknown as ChaosResultObject;
}

export function eventsOf(store: MemoryStore<EventObject>): EventObject[] {
  return [...store.objects.values()] as unknown as EventObject[];
}
