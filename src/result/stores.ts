import type { ObjectMeta } from './types.js';

/** Any object as a store returns it: our shapes, or what another writer left. */
export interface StoredObject {
  readonly metadata: ObjectMeta;
  readonly [key: string]: unknown;
}

/** What a store writes: any object with a name. */
export interface NamedObject {
  readonly metadata: ObjectMeta;
}

/** Why a write was refused because of someone else's write. */
export class StoreConflict extends Error {
  /** `exists`: create found the name taken; `stale`: replace carried an old resourceVersion. */
  readonly kind: 'exists' | 'stale';

  constructor(kind: 'exists' | 'stale', name: string) {
    super(`${name}: ${kind === 'exists' ? 'already exists' : 'modified since it was read'}`);
    this.name = 'StoreConflict';
    this.kind = kind;
  }
}

/**
 * Named objects of one kind in one namespace: ChaosResults or Events, on the Kubernetes
 * API (src/k8s/) or in a file (file-store.ts). Failures other than conflicts are ChaosErrors
 * naming the verb and the resource.
 */
export interface ObjectStore<T extends NamedObject> {
  /** Undefined when there is no such object. */
  read(name: string): Promise<StoredObject | undefined>;
  /** Throws StoreConflict('exists') when the name is taken. */
  create(object: T): Promise<StoredObject>;
  /** Writes the whole object; throws StoreConflict('stale') on a resourceVersion mismatch. */
  replace(object: T): Promise<StoredObject>;
}

/** Where the run's report goes: the Kubernetes API, or CHAOS_RESULT_FILE. */
export type SinkKind = 'kubernetes' | 'file';
