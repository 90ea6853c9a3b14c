import {
  StoreConflict,
  type NamedObject,
  type ObjectStore,
  type StoredObject,
} from '../../../src/result/stores.js';

/**
 * An in-memory store with the API server's optimistic concurrency: resourceVersion must
 * match on replace. `beforeReplace` lets a test play another writer between read and write.
 */
export class MemoryStore<T extends NamedObject> implements ObjectStore<T> {
  readonly objects = new Map<string, StoredObject>();
  readonly writes: { verb: 'create' | 'replace'; object: StoredObject }[] = [];
  conflicts = 0;
  beforeReplace: ((name: string) => void) | undefined;
  private version = 0;

  async read(name: string): Promise<StoredObject | undefined> {
    await Promise.resolve();
    const found = this.objects.get(name);
    return found === undefined ? undefined : structuredClone<StoredObject>(found);
  }

  async create(object: T): Promise<StoredObject> {
    await Promise.resolve();
    const name = object.metadata.name;
    if (this.objects.has(name)) throw new StoreConflict('exists', name);
    return this.put('create', object, `uid-${name}`);
  }

  async replace(object: T): Promise<StoredObject> {
    await Promise.resolve();
    const name = object.metadata.name;
    this.beforeReplace?.(name);
    const stored = this.objects.get(name);
    if (stored?.metadata.resourceVersion !== object.metadata.resourceVersion) {
      this.conflicts += 1;
      throw new StoreConflict('stale', name);
    }
    return this.put('replace', object, stored?.metadata.uid ?? '');
  }

  /** Another writer's change: bumps resourceVersion as the server would. */
  touch(name: string, change: (object: Record<string, unknown>) => void): void {
    const stored = structuredClone(this.objects.get(name)) as Record<string, unknown> &
      StoredObject;
    change(stored);
    this.version += 1;
    this.objects.set(name, {
      ...stored,
      metadata: { ...stored.metadata, resourceVersion: String(this.version) },
    });
  }

  private put(verb: 'create' | 'replace', object: T, uid: string): StoredObject {
    this.version += 1;
    const copy: unknown = structuredClone({
      ...object,
      metadata: { ...object.metadata, uid, resourceVersion: String(this.version) },
    });
    const stored = copy as StoredObject;
    this.objects.set(object.metadata.name, stored);
    this.writes.push({ verb, object: stored });
    return structuredClone<StoredObject>(stored);
  }
}
