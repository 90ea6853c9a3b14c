import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { Phase } from '../errors/index.js';
import type { NamedObject, ObjectStore, StoredObject } from '../result/stores.js';
import { apiFailure, statusOf, type Attempted } from './failures.js';

export interface CustomResource {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly namespace: string;
}

/**
 * Namespaced custom objects as plain JSON (CustomObjectsApi passes bodies through), so
 * whatever the CRD preserves round-trips untouched. Writes are full replaces: the
 * ChaosResult CRD has no status subresource.
 */
export class CustomObjectStore<T extends NamedObject> implements ObjectStore<T> {
  private readonly api: CustomObjectsApi;

  constructor(
    config: KubeConfig,
    private readonly resource: CustomResource,
    private readonly phase: Phase = 'result',
  ) {
    this.api = config.makeApiClient(CustomObjectsApi);
  }

  async read(name: string): Promise<StoredObject | undefined> {
    try {
      return (await this.api.getNamespacedCustomObject({ ...this.resource, name })) as StoredObject;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw apiFailure(error, this.attempted('get', name));
    }
  }

  async create(object: T): Promise<StoredObject> {
    try {
      return (await this.api.createNamespacedCustomObject({
        ...this.resource,
        body: object,
      })) as StoredObject;
    } catch (error) {
      throw apiFailure(error, this.attempted('create', object.metadata.name));
    }
  }

  async replace(object: T): Promise<StoredObject> {
    const name = object.metadata.name;
    try {
      return (await this.api.replaceNamespacedCustomObject({
        ...this.resource,
        name,
        body: object,
      })) as StoredObject;
    } catch (error) {
      throw apiFailure(error, this.attempted('update', name));
    }
  }

  private attempted(verb: Attempted['verb'], name: string): Attempted {
    const { plural, group, namespace } = this.resource;
    return { verb, resource: `${plural}.${group}`, namespace, name, phase: this.phase };
  }
}
