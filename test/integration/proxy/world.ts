import { afterAll, beforeAll } from '@jest/globals';
import { createNamespacePair, type NamespacePair, type PairOptions } from '../../support/netns.js';
import { ProcessTracker } from '../../../sandbox/world/processes.js';
import {
  APP_PORT,
  H2_PORT,
  expectNothingLeft,
  startAgent,
  startApp,
  type Agent,
  type LatencyLog,
} from './harness.js';

/** What a proxy suite needs around the fault: see useProxyWorld. */
export interface WorldOptions {
  /** The namespace pair: its tag, IPv6, interface names. */
  readonly pair: PairOptions;
  /** Also serve HTTP/2 with prior knowledge on H2_PORT. */
  readonly h2?: boolean;
  /** Start the client agent in the client namespace (default true). */
  readonly agent?: boolean;
  /** The file's reset lateness, written out when the suite ends. */
  readonly latency?: LatencyLog;
  /** Set-up in the server namespace before the app starts (extra interfaces, …). */
  readonly beforeApp?: (ns: string) => Promise<void>;
}

/**
 * The world of one proxy suite: a namespace pair, the HTTP app on the server's own addresses
 * (not loopback), the client agent; at the end everything is removed and the suite fails
 * if a namespace or a process is left. Read its parts inside tests and hooks.
 */
export class ProxyWorld {
  readonly tracker = new ProcessTracker();
  private made: { pair: NamespacePair; agent: Agent | undefined } | undefined;
  private pairMade: NamespacePair | undefined;

  constructor(private readonly options: WorldOptions) {}

  get pair(): NamespacePair {
    if (this.made === undefined) throw new Error('the proxy world is not started (beforeAll)');
    return this.made.pair;
  }
  get agent(): Agent {
    if (this.made?.agent === undefined) throw new Error('this proxy world has no agent');
    return this.made.agent;
  }
  /** The server namespace, where the app and the proxy run. */
  get ns(): string {
    return this.pair.server.ns;
  }
  get server(): string {
    return this.pair.server.ipv4;
  }
  get client(): string {
    return this.pair.client.ipv4;
  }
  get server6(): string {
    const address = this.pair.server.ipv6;
    if (address === undefined) throw new Error('this proxy world has no IPv6');
    return address;
  }

  async start(): Promise<void> {
    const { h2, agent, beforeApp } = this.options;
    this.pairMade = await createNamespacePair(this.options.pair);
    const { server, client } = this.pairMade;
    await beforeApp?.(server.ns);
    const hosts = server.ipv6 === undefined ? [server.ipv4] : [server.ipv4, server.ipv6];
    await startApp(this.tracker, server.ns, {
      hosts,
      http1Port: APP_PORT,
      ...(h2 === true ? { h2Port: H2_PORT } : {}),
    });
    const started = agent === false ? undefined : await startAgent(this.tracker, client.ns);
    this.made = { pair: this.pairMade, agent: started };
  }

  async stop(): Promise<void> {
    this.options.latency?.write();
    await expectNothingLeft(this.tracker, [this.pairMade]);
  }
}

/** A ProxyWorld started before the file's tests and removed after them. */
export function useProxyWorld(options: WorldOptions): ProxyWorld {
  const world = new ProxyWorld(options);
  beforeAll(() => world.start(), 60_000);
  afterAll(() => world.stop(), 60_000);
  return world;
}
