import { CoreV1Api, type CoreV1Event, type KubeConfig } from '@kubernetes/client-node';
import type { ObjectStore, StoredObject } from '../result/stores.js';
import type { EventObject } from '../result/types.js';
import { apiFailure, statusOf, type Attempted } from './failures.js';

/**
 * core/v1 Events through the typed client. Its serializer wants Date objects and drops
 * fields it does not know, so objects are converted at this edge and the domain keeps
 * plain JSON (timestamps as RFC 3339 strings).
 */
export class EventStore implements ObjectStore<EventObject> {
  private readonly api: CoreV1Api;

  constructor(
    config: KubeConfig,
    private readonly namespace: string,
  ) {
    this.api = config.makeApiClient(CoreV1Api);
  }

  async read(name: string): Promise<StoredObject | undefined> {
    try {
      return plain(await this.api.readNamespacedEvent({ name, namespace: this.namespace }));
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw apiFailure(error, this.attempted('get', name));
    }
  }

  async create(event: EventObject): Promise<StoredObject> {
    try {
      return plain(
        await this.api.createNamespacedEvent({ namespace: this.namespace, body: typed(event) }),
      );
    } catch (error) {
      throw apiFailure(error, this.attempted('create', event.metadata.name));
    }
  }

  async replace(event: EventObject): Promise<StoredObject> {
    const name = event.metadata.name;
    try {
      return plain(
        await this.api.replaceNamespacedEvent({
          name,
          namespace: this.namespace,
          body: typed(event),
        }),
      );
    } catch (error) {
      throw apiFailure(error, this.attempted('update', name));
    }
  }

  private attempted(verb: Attempted['verb'], name: string): Attempted {
    return { verb, resource: 'events', namespace: this.namespace, name, phase: 'result' };
  }
}

// The generated serializer reads plain objects field by field; class instances are not needed.
/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment */
function typed(event: EventObject): CoreV1Event {
  const { name, namespace, resourceVersion, labels } = event.metadata;
  return {
    ...event,
    metadata: {
      name,
      namespace,
      ...(resourceVersion === undefined ? {} : { resourceVersion }),
      ...(labels === undefined ? {} : { labels: { ...labels } }),
    },
    involvedObject: { ...event.involvedObject },
    source: { ...event.source },
    firstTimestamp: new Date(event.firstTimestamp),
    lastTimestamp: new Date(event.lastTimestamp),
  };
}
/* eslint-enable @typescript-eslint/no-unsafe-class-instance-assignment */

function plain(event: CoreV1Event): StoredObject {
  return JSON.parse(JSON.stringify(event)) as StoredObject;
}
