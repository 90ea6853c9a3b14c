import type { TargetHold } from '../dispatch/hold.js';
import type { CountersView } from '../dispatch/revert.js';
import type { ProxyCounters } from '../host/payload-events.js';
import type { TargetCounters } from '../result/evidence.js';
import { holdEvidence } from './hold.js';

/**
 * The proxies' counters per task, as the ChaosResult's evidence takes them (ADR 0061), with
 * whether each task's fault held (ADR 0140). A watched task the revert never reported on is
 * listed too, without counters.
 */
export function targetCountersOf(
  counters: CountersView,
  holds: readonly TargetHold[] = [],
): TargetCounters[] {
  const holdOf = new Map(holds.map((hold) => [hold.task, hold]));
  const tasks = [...new Set([...counters.keys(), ...holdOf.keys()])];
  return tasks.map((name) => {
    const value = counters.get(name) ?? null;
    const hold = holdOf.get(name);
    return {
      name,
      counters: value === null ? null : countersOf(value),
      ...(hold === undefined ? {} : { hold: holdEvidence(hold) }),
    };
  });
}

/** What the ChaosResult keeps of one proxy's counters: the mechanism only when it said. */
function countersOf(value: ProxyCounters): NonNullable<TargetCounters['counters']> {
  return {
    connections: value.connections,
    resets: value.resets,
    passedThrough: value.passedThrough,
    upstreamErrors: value.upstreamErrors,
    ...(value.preExisting === undefined ? {} : { preExisting: value.preExisting }),
    ...(value.mechanism === undefined ? {} : { mechanism: value.mechanism }),
    ...(value.mechanismWhy === undefined ? {} : { mechanismWhy: value.mechanismWhy }),
  };
}
