import { IMAGES } from './images.js';
import { ContainerInstance, type InstanceOptions } from './instance.js';

export interface TestHostsOptions extends InstanceOptions {
  /** How many emulated container instances; default 2. */
  readonly count?: number;
}

/**
 * N emulated ECS container instances side by side, each with its own dockerd. Started in
 * sequence (two cores; image loads are disk-bound); stop() removes all of them, even when
 * one fails, and reports every failure.
 */
export class TestHosts {
  private constructor(readonly instances: readonly ContainerInstance[]) {}

  static async start(options: TestHostsOptions = {}): Promise<TestHosts> {
    const instances: ContainerInstance[] = [];
    const hosts = new TestHosts(instances);
    try {
      for (let index = 0; index < (options.count ?? 2); index += 1) {
        instances.push(
          await ContainerInstance.start({
            ...options,
            images: options.images ?? [IMAGES.httpService, IMAGES.pause],
          }),
        );
      }
    } catch (error) {
      await hosts.stop().catch(() => undefined);
      throw error;
    }
    return hosts;
  }

  instance(index: number): ContainerInstance {
    const found = this.instances[index];
    if (found === undefined)
      throw new Error(`no instance ${index} (have ${this.instances.length})`);
    return found;
  }

  async stop(): Promise<void> {
    const results = await Promise.allSettled(this.instances.map((instance) => instance.stop()));
    const failures = results.flatMap((result) =>
      result.status === 'rejected' ? [String(result.reason)] : [],
    );
    if (failures.length > 0) throw new Error(failures.join('\n'));
  }
}
