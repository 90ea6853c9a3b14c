import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ChaosError } from '../errors/index.js';
import { StoreConflict, type NamedObject, type ObjectStore, type StoredObject } from './stores.js';
import { messageOf } from '../core/message.js';

/**
 * The sink without a Kubernetes API (ADR 0063): the ChaosResult is the whole content of
 * CHAOS_RESULT_FILE, exactly the object the API would hold; Events are a JSON array in a
 * sibling file. resourceVersion and uid behave as the API server's do, so the reporter's
 * code path (read, compute, write, retry on conflict) is the same for both sinks.
 */
export class JsonFileStore<T extends NamedObject> implements ObjectStore<T> {
  constructor(
    private readonly path: string,
    /** `single`: the file is one object; `list`: an array of objects keyed by name. */
    private readonly layout: 'single' | 'list',
  ) {}

  async read(name: string): Promise<StoredObject | undefined> {
    return (await this.load()).find((object) => object.metadata.name === name);
  }

  async create(object: T): Promise<StoredObject> {
    const objects = await this.load();
    if (objects.some((stored) => stored.metadata.name === object.metadata.name)) {
      throw new StoreConflict('exists', object.metadata.name);
    }
    const created = stamp(object, '1', randomUUID());
    await this.save(this.layout === 'single' ? [created] : [...objects, created]);
    return created;
  }

  async replace(object: T): Promise<StoredObject> {
    const objects = await this.load();
    const index = objects.findIndex((stored) => stored.metadata.name === object.metadata.name);
    const stored = objects[index];
    if (
      stored === undefined ||
      stored.metadata.resourceVersion !== object.metadata.resourceVersion
    ) {
      throw new StoreConflict('stale', object.metadata.name);
    }
    const next = String(Number(stored.metadata.resourceVersion ?? '0') + 1);
    const replaced = stamp(object, next, stored.metadata.uid ?? randomUUID());
    objects[index] = replaced;
    await this.save(objects);
    return replaced;
  }

  private async load(): Promise<StoredObject[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw this.failure('read', error);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw this.failure('parse', error);
    }
    const list: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
    return list.filter(isStored);
  }

  private async save(objects: readonly StoredObject[]): Promise<void> {
    const content = this.layout === 'single' ? objects[0] : objects;
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      await mkdir(dirname(this.path), { recursive: true });
      await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, 'utf8');
      await rename(temporary, this.path);
    } catch (error) {
      throw this.failure('write', error);
    }
  }

  private failure(verb: string, error: unknown): ChaosError {
    return new ChaosError({
      code: 'CHAOS_RESULT_CRUD_ERROR',
      phase: 'result',
      target: this.path,
      reason: `cannot ${verb} ${this.path}: ${messageOf(error)}`,
      fix: 'Point CHAOS_RESULT_FILE at a writable path holding a ChaosResult JSON (or nothing)',
      cause: error,
    });
  }
}

/** `chaosresult.json` → `chaosresult.events.json`. */
export function eventsPathFor(resultPath: string): string {
  return resultPath.endsWith('.json')
    ? `${resultPath.slice(0, -'.json'.length)}.events.json`
    : `${resultPath}.events.json`;
}

function stamp(object: NamedObject, resourceVersion: string, uid: string): StoredObject {
  // A plain data object: what goes to the file is exactly what a later read returns.
  const stored = { ...object, metadata: { ...object.metadata, resourceVersion, uid } };
  return stored;
}

function isStored(value: unknown): value is StoredObject {
  if (typeof value !== 'object' || value === null || !('metadata' in value)) return false;
  const metadata = value.metadata;
  return (
    typeof metadata === 'object' &&
    metadata !== null &&
    typeof (metadata as { name?: unknown }).name === 'string'
  );
}
