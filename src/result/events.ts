import type { Clock } from '../core/clock.js';
import { eventName, type ResultIdentity } from './identity.js';
import type { ObjectStore, StoredObject } from './stores.js';
import { RESULT_API_VERSION, type EventObject, type EventType } from './types.js';
import { writeWithRetry } from './write.js';

/**
 * Reasons Litmus uses (docs/reference/litmus.md) plus ours: a fault with no observed effect (ADR
 * 0061), a fault that stopped early or was never seen holding (ADR 0140).
 */
export type EventReason =
  | 'Awaited'
  | 'PreChaosCheck'
  | 'ChaosInject'
  | 'PostChaosCheck'
  | 'Summary'
  | 'Pass'
  | 'Fail'
  | 'Stopped'
  | 'Error'
  | 'Abort'
  | 'FaultNotObserved'
  | 'FaultStoppedEarly'
  | 'FaultNotHeld';

/** Litmus puts these on the ChaosEngine; without an engine they go on the ChaosResult. */
const ENGINE_REASONS: ReadonlySet<EventReason> = new Set([
  'PreChaosCheck',
  'ChaosInject',
  'PostChaosCheck',
  'Summary',
]);
const MESSAGE_MAX = 1024;

export interface RecordedEvent {
  readonly reason: EventReason;
  readonly type: EventType;
  readonly message: string;
}

/**
 * Events with deterministic names (ADR 0060): the first record creates the Event, every
 * later one with the same reason bumps count and replaces message, type and lastTimestamp.
 */
export class EventRecorder {
  constructor(
    private readonly store: ObjectStore<EventObject>,
    private readonly identity: ResultIdentity,
    private readonly clock: Clock,
  ) {}

  /** `resultUid`: the ChaosResult's uid once the server assigned one. */
  async record(event: RecordedEvent, resultUid: string | undefined): Promise<void> {
    const name = eventName(event.reason, this.identity);
    const now = new Date(this.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const message =
      event.message.length > MESSAGE_MAX
        ? `${event.message.slice(0, MESSAGE_MAX - 1)}…`
        : event.message;
    await writeWithRetry(
      this.store,
      name,
      (current) => this.render(current, { ...event, message }, { name, now, resultUid }),
      { clock: this.clock, phase: 'result', attempts: 5, delayMs: 200 },
    );
  }

  private render(
    current: StoredObject | undefined,
    event: RecordedEvent,
    at: { readonly name: string; readonly now: string; readonly resultUid: string | undefined },
  ): EventObject {
    const count = typeof current?.['count'] === 'number' ? current['count'] + 1 : 1;
    const first = current?.['firstTimestamp'];
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { ...(current?.metadata ?? {}), name: at.name, namespace: this.identity.namespace },
      involvedObject: this.involvedObject(event.reason, at.resultUid),
      reason: event.reason,
      message: event.message,
      type: event.type,
      count,
      firstTimestamp: typeof first === 'string' ? first : at.now,
      lastTimestamp: at.now,
      source: { component: this.identity.component },
    };
  }

  private involvedObject(
    reason: EventReason,
    resultUid: string | undefined,
  ): EventObject['involvedObject'] {
    const { engine, namespace, engineUid, resultName } = this.identity;
    if (engine !== undefined && ENGINE_REASONS.has(reason)) {
      return {
        apiVersion: RESULT_API_VERSION,
        kind: 'ChaosEngine',
        name: engine,
        namespace,
        ...(engineUid === undefined ? {} : { uid: engineUid }),
      };
    }
    return {
      apiVersion: RESULT_API_VERSION,
      kind: 'ChaosResult',
      name: resultName,
      namespace,
      ...(resultUid === undefined ? {} : { uid: resultUid }),
    };
  }
}
