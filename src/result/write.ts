import { ChaosError, type Phase } from '../errors/index.js';
import type { Clock } from '../core/clock.js';
import { StoreConflict, type NamedObject, type ObjectStore, type StoredObject } from './stores.js';

export interface WriteOptions {
  readonly clock: Clock;
  readonly phase: Phase;
  /** Conflicts tolerated before giving up (Litmus: STATUS_CHECK_TIMEOUT/DELAY tries). */
  readonly attempts: number;
  readonly delayMs: number;
}

/**
 * Read, compute, write the whole object; on a conflict read again and recompute, so
 * another writer's change (a counter, a label) is never overwritten by a stale copy.
 */
export async function writeWithRetry<T extends NamedObject>(
  store: ObjectStore<T>,
  name: string,
  compute: (current: StoredObject | undefined) => T,
  options: WriteOptions,
): Promise<StoredObject> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await store.read(name);
    const next = compute(current);
    try {
      return current === undefined ? await store.create(next) : await store.replace(next);
    } catch (error) {
      if (!(error instanceof StoreConflict)) throw error;
      if (attempt >= options.attempts) throw gaveUp(name, attempt, error, options.phase);
      await options.clock.sleep(options.delayMs);
    }
  }
}

function gaveUp(name: string, attempts: number, error: StoreConflict, phase: Phase): ChaosError {
  return new ChaosError({
    code: 'CHAOS_RESULT_CRUD_ERROR',
    phase,
    target: name,
    reason: `still conflicting after ${attempts} writes (${error.message})`,
    fix: 'Another process keeps writing this object; make sure only one run uses this ChaosEngine and INSTANCE_ID at a time',
    cause: error,
  });
}
