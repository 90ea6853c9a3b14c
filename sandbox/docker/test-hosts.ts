import { IMAGES } from './images.js';
import { ContainerInstance, type InstanceOptions } from './instance.js';

export interface TestHostsOptions extends InstanceOptions {
  /** How many emulated container instances; default 2. */
  readonly count?: number;
  /**
   * Start them side by side instead of one after another: quicker (their image loads
   * overlap), but both compete for the disk, so suites that start often keep the default.
   */
  readonly parallel?: boolean;
}

/** Starts `count` at once; keeps every one that started (for stop()), throws the first failure. */
async function startSideBySide(
  count: number,
  startOne: () => Promise<ContainerInstance>,
  into: ContainerInstance[],
): Promise<void> {
  const started = await Promise.allSettled(Array.from({ length: count }, startOne));
  for (const one of started) if (one.status === 'fulfilled') into.push(one.value);
  const failed = started.find((one) => one.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
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
    const startOne = () =>
      ContainerInstance.start({
        ...options,
        images: options.images ?? [IMAGES.httpService, IMAGES.pause],
      });
    const count = options.count ?? 2;
    try {
      if (options.parallel === true) await startSideBySide(count, startOne, instances);
      else for (let index = 0; index < count; index += 1) instances.push(await startOne());
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
