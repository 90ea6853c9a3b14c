// What the Kubernetes e2e files share: one set of test hosts and one API server per file
// (started together), and a run observed through the API before and after it.
import { startKubeApi, type KubeApi } from '../../../sandbox/kube/api-server.js';
import { startWorld, type World } from '../executor/world.js';
import { observe, setProbes, type LitmusNamespace, type Observed } from './litmus.js';
import { runScenario, type Ran, type Scenario } from './scenario.js';

export interface Observation {
  readonly ran: Ran;
  readonly before: Observed;
  readonly after: Observed;
}

export class Suite {
  private world: World | undefined;
  private api: KubeApi | undefined;
  /** Milliseconds per run, printed at the end (speed is measured, never asserted). */
  readonly timings: Record<string, number> = {};

  constructor(private readonly name: string) {}

  async start(): Promise<void> {
    const [world, api] = await Promise.allSettled([startWorld(), startKubeApi()]);
    if (world.status === 'fulfilled') this.world = world.value;
    if (api.status === 'fulfilled') this.api = api.value;
    if (world.status === 'rejected') throw world.reason;
    if (api.status === 'rejected') throw api.reason;
  }

  async stop(): Promise<void> {
    process.stderr.write(`${this.name} run durations (ms): ${JSON.stringify(this.timings)}\n`);
    await Promise.all([this.api?.stop(), this.world?.hosts.stop()]);
  }

  kube(): KubeApi {
    if (this.api === undefined) throw new Error('the test API server did not start (beforeAll)');
    return this.api;
  }

  hosts(): World {
    if (this.world === undefined) throw new Error('the test hosts did not start (beforeAll)');
    return this.world;
  }

  /** One run with the engine declaring `probes`, and the API's state before and after. */
  async observeRun(
    litmus: LitmusNamespace,
    label: string,
    probes: readonly object[],
    scenario: Scenario,
  ): Promise<Observation> {
    await setProbes(this.kube(), litmus.namespace, probes);
    const before = await observe(this.kube(), litmus.namespace);
    const ran = await runScenario(this.hosts(), scenario);
    this.timings[label] = ran.result.endedMs - ran.result.startedMs;
    const after = await observe(this.kube(), litmus.namespace);
    return { ran, before, after };
  }
}
