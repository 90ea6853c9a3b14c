// Field-by-field checks shared by the scenarios: the Events a run must have created or
// bumped (and no other), the history counters it must have added to, its targets.
import { expect } from '@jest/globals';
import type { EcsTask } from '../../../sandbox/docker/index.js';
import { ENGINE, EXPERIMENT, POD, RESULT, type Json, type Observed } from './litmus.js';

export interface ExpectedEvent {
  readonly reason: string;
  readonly type: 'Normal' | 'Warning';
  readonly message: string;
  /** Litmus puts phase events and the Summary on the engine, the rest on the result. */
  readonly on: 'ChaosEngine' | 'ChaosResult';
}

export interface Ids {
  readonly namespace: string;
  readonly engineUid: string;
}

const seconds = (value: unknown): number => Math.floor(Date.parse(String(value)) / 1000);

/**
 * Exactly the `expected` events were written by this run: each under its deterministic
 * name `<Reason><EXPERIMENT_NAME><CHAOS_UID>`, its count one more than before (1 when new),
 * firstTimestamp kept, lastTimestamp from this run; every other event is untouched.
 */
export function expectEvents(
  before: Observed,
  after: Observed,
  ids: Ids,
  run: { readonly startedMs: number; readonly expected: readonly ExpectedEvent[] },
): void {
  const resultUid = (after.result?.['metadata'] as Json | undefined)?.['uid'];
  const names = run.expected.map((event) => `${event.reason}${EXPERIMENT}${ids.engineUid}`);
  run.expected.forEach((wanted, index) => {
    const name = names[index] ?? '';
    const event = after.events.get(name);
    const previous = before.events.get(name);
    const count = typeof previous?.['count'] === 'number' ? previous['count'] + 1 : 1;
    expect({ name, event }).toMatchObject({
      name,
      event: {
        metadata: { name, namespace: ids.namespace },
        reason: wanted.reason,
        type: wanted.type,
        message: wanted.message,
        count,
        involvedObject: {
          apiVersion: 'litmuschaos.io/v1alpha1',
          kind: wanted.on,
          name: wanted.on === 'ChaosEngine' ? ENGINE : RESULT,
          namespace: ids.namespace,
          uid: wanted.on === 'ChaosEngine' ? ids.engineUid : resultUid,
        },
        source: { component: POD },
      },
    });
    const at = event ?? {};
    if (previous !== undefined) {
      expect(seconds(at['firstTimestamp'])).toBe(seconds(previous['firstTimestamp']));
    }
    expect(seconds(at['lastTimestamp'])).toBeGreaterThanOrEqual(Math.floor(run.startedMs / 1000));
  });
  const untouched = [...before.events.entries()].filter(([name]) => !names.includes(name));
  for (const [name, event] of untouched) {
    expect({ name, count: after.events.get(name)?.['count'] }).toEqual({
      name,
      count: event['count'],
    });
  }
  const created = [...after.events.keys()].filter((name) => !before.events.has(name));
  expect(created.every((name) => names.includes(name))).toBe(true);
}

export type Counter = 'passedRuns' | 'failedRuns' | 'stoppedRuns';

export const statusOf = (observed: Observed): Json => (observed.result?.['status'] ?? {}) as Json;
const historyOf = (observed: Observed): Json => (statusOf(observed)['history'] ?? {}) as Json;

/** The counters the result held before, plus one for `countAs` (none for an Error). */
export function expectedCounters(before: Observed, countAs: Counter | undefined): Json {
  const history = historyOf(before);
  const counter = (key: Counter): number =>
    (typeof history[key] === 'number' ? history[key] : 0) + (key === countAs ? 1 : 0);
  return {
    passedRuns: counter('passedRuns'),
    failedRuns: counter('failedRuns'),
    stoppedRuns: counter('stoppedRuns'),
  };
}

/** history: the counters, and one `ECSTask` entry per targeted task in `chaosStatus`. */
export function expectHistory(
  before: Observed,
  after: Observed,
  countAs: Counter | undefined,
  targets: { readonly tasks: readonly EcsTask[]; readonly chaosStatus: string },
): void {
  const history = historyOf(after);
  const listed = ((history['targets'] ?? []) as Json[])
    .slice()
    .sort((a, b) => String(a['name']).localeCompare(String(b['name'])));
  expect({ ...history, targets: listed }).toEqual({
    ...expectedCounters(before, countAs),
    targets: targets.tasks
      .map((task) => task.taskArn)
      .sort()
      .map((name) => ({ name, kind: 'ECSTask', chaosStatus: targets.chaosStatus })),
  });
}

/** status.faultEvidence: every target reset at least once; totals are the sums. */
export function expectResets(after: Observed, tasks: readonly EcsTask[]): Json {
  const evidence = (statusOf(after)['faultEvidence'] ?? {}) as Json;
  const targets = (evidence['targets'] ?? []) as Json[];
  expect(targets.map((target) => target['name']).sort()).toEqual(
    tasks.map((task) => task.taskArn).sort(),
  );
  for (const target of targets) {
    expect(target).toEqual({
      name: expect.any(String),
      effect: 'reset',
      connections: expect.any(Number),
      resets: expect.any(Number),
      passedThrough: expect.any(Number),
      upstreamErrors: 0,
      faultHeld: 'yes',
      // The proxy says which mechanism ran and why (destroy also counts what it left alone).
      mechanism: expect.stringMatching(/^(destroy|relay)$/),
      mechanismWhy: expect.any(String),
      ...('preExisting' in target ? { preExisting: expect.any(Number) } : {}),
    });
    expect(Number(target['resets'])).toBeGreaterThan(0);
    expect(Number(target['connections'])).toBeGreaterThanOrEqual(Number(target['resets']));
  }
  const sum = (key: string): number =>
    targets.reduce((total, target) => total + Number(target[key]), 0);
  expect(evidence).toMatchObject({
    effect: 'reset',
    faultHeld: 'yes',
    resetTimeoutMs: expect.any(Number),
    connections: sum('connections'),
    resets: sum('resets'),
  });
  return evidence;
}
