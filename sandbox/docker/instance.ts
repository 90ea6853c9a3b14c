import { randomBytes } from 'node:crypto';
import { TestDaemon } from './dockerd.js';
import { copyImages } from './images.js';
import type { RunOptions, RunResult } from './process.js';

export interface InstanceOptions {
  readonly cluster?: string;
  readonly region?: string;
  readonly account?: string;
  /** Images copied from the build daemon once the daemon answers. */
  readonly images?: readonly string[];
}

export const DEFAULT_CLUSTER = 'ehc-test-cluster';
export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ACCOUNT = '123456789012';

/**
 * An emulated ECS container instance (EC2 launch type): its own dockerd, bridge, ECS
 * data dir and chaos state dir, and an EC2 instance id, so two instances on this machine
 * are as distinct as two hosts for everything the host script looks at.
 */
export class ContainerInstance {
  readonly instanceId = `i-${randomBytes(9).toString('hex').slice(0, 17)}`;
  readonly containerInstanceArn: string;

  private constructor(
    readonly daemon: TestDaemon,
    readonly cluster: string,
    readonly region: string,
    readonly account: string,
  ) {
    this.containerInstanceArn =
      `arn:aws:ecs:${region}:${account}:container-instance/${cluster}/` +
      randomBytes(16).toString('hex');
  }

  static async start(options: InstanceOptions = {}): Promise<ContainerInstance> {
    const daemon = await TestDaemon.start();
    const instance = new ContainerInstance(
      daemon,
      options.cluster ?? DEFAULT_CLUSTER,
      options.region ?? DEFAULT_REGION,
      options.account ?? DEFAULT_ACCOUNT,
    );
    try {
      await copyImages(options.images ?? [], daemon.dockerHost);
    } catch (error) {
      await daemon.stop();
      throw error;
    }
    return instance;
  }

  get dockerHost(): string {
    return this.daemon.dockerHost;
  }

  /** The host's address as seen from its containers (the bridge's gateway). */
  get gateway(): string {
    return this.daemon.bridge.gateway;
  }

  /**
   * The environment the host script gets on this instance, as the SSM agent would run it
   * there (docs/design.md, docs/decisions/0002 and 0003).
   */
  hostEnv(): Record<string, string> {
    return {
      AWS_SSM_INSTANCE_ID: this.instanceId,
      DOCKER_HOST: this.dockerHost,
      ECS_HOST_DATA_DIR: this.daemon.paths.ecsDataDir,
      ECS_HTTP_CHAOS_STATE_DIR: this.daemon.paths.stateDir,
    };
  }

  docker(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return this.daemon.docker(args, options);
  }

  stop(): Promise<void> {
    return this.daemon.stop();
  }
}
