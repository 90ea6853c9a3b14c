import type { CountersByTask } from '../dispatch/revert.js';
import type { TargetCounters } from '../result/evidence.js';

/** The proxies' counters per task, as the ChaosResult's evidence takes them (ADR 0061). */
export function evidenceOf(counters: CountersByTask): TargetCounters[] {
  return [...counters].map(([name, value]) => ({
    name,
    counters:
      value === null
        ? null
        : {
            connections: value.connections,
            resets: value.resets,
            passedThrough: value.passedThrough,
            upstreamErrors: value.upstreamErrors,
            ...(value.preExisting === undefined ? {} : { preExisting: value.preExisting }),
            ...(value.mechanism === undefined ? {} : { mechanism: value.mechanism }),
            ...(value.mechanismWhy === undefined ? {} : { mechanismWhy: value.mechanismWhy }),
          },
  }));
}
