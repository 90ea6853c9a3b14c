/**
 * The demo's stages in order: the sandbox (hosts and tasks, beside the Kubernetes API when
 * one is built), the AWS emulator, the client load, the run, the load after it. Each thing
 * made is registered with the clean-up the moment it exists; finish.ts reports and removes.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecutorRun, RunResult } from '../world/executor.js';
import { fixtureOf, startSandbox, type Sandbox } from '../world/world.js';
import { EmulatorProcess } from './aws.js';
import { RoundRobinBalancer } from '../world/balancer.js';
import { Cleanup } from './cleanup.js';
import { SERVICE, resultFileOf, startRun, type RunMoments } from './executor.js';
import { ENGINE, NAMESPACE, kubeUnavailable, startDemoKube, type DemoKube } from './kube.js';
import { ServiceLoad } from './load.js';
import { seconds, shortTask, type Output } from './output.js';
import { showProgress, progressText } from './progress.js';
import { demoProbe } from './probe.js';
import type { DemoSettings } from './settings.js';
import { Stages } from './stages.js';

export class Demo {
  readonly stages: Stages;
  readonly cleanup = new Cleanup();
  sandbox: Sandbox | undefined;
  kube: DemoKube | undefined;
  kubeSkipped: string | undefined;
  emulator: EmulatorProcess | undefined;
  balancer: RoundRobinBalancer | undefined;
  load: ServiceLoad | undefined;
  run: ExecutorRun | undefined;
  runEnv: Record<string, string> | undefined;
  moments: RunMoments | undefined;
  runResult: RunResult | undefined;
  awsRequests: Record<string, number> = {};
  home = '';

  constructor(
    readonly settings: DemoSettings,
    readonly out: Output,
    readonly signal: AbortSignal,
  ) {
    this.stages = new Stages(out);
  }

  /** Throws once a signal came: the stages after it are skipped, the clean-up runs. */
  checkpoint(): void {
    if (this.signal.aborted) throw new Error(`stopped by ${String(this.signal.reason)}`);
  }

  async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.signal }).catch(() => undefined);
    this.checkpoint();
  }

  /** The scratch folder (the run's HOME, the probe file) and a fresh output folder. */
  async makeFolders(): Promise<void> {
    this.home = await mkdtemp(join(tmpdir(), 'ehc-demo-'));
    this.cleanup.made.folders.push(this.home);
    this.cleanup.push('scratch folder', () => rm(this.home, { recursive: true, force: true }));
    await mkdir(this.settings.outDir, { recursive: true });
    for (const name of ['chaosresult.json', 'chaosresult.events.json', 'summary.json'])
      await rm(join(this.settings.outDir, name), { force: true });
  }

  private probes(): object[] {
    return this.settings.probe && this.balancer !== undefined
      ? [demoProbe(this.settings, this.balancer.url)]
      : [];
  }

  /** The hosts and their tasks, and beside them (in parallel) the Kubernetes API. */
  async startSandbox(): Promise<void> {
    const { settings, out } = this;
    this.balancer = await RoundRobinBalancer.start();
    this.cleanup.push('load balancer', () => this.balancer!.close());
    this.kubeSkipped = settings.kube === 'off' ? 'DEMO_KUBE=off' : await kubeUnavailable();
    out.stage(
      'hosts',
      `${settings.instances} container instances (a dockerd each), ${settings.tasks} tasks of service ${SERVICE}`,
    );
    if (this.kubeSkipped === undefined)
      out.stage('k8s', 'etcd + kube-apiserver (built by make tools), Litmus CRDs, ChaosEngine');
    else
      out.stage('k8s', `no Kubernetes API (${this.kubeSkipped}): the ChaosResult goes to a file`);
    const [hosts, kube] = await Promise.allSettled([
      this.timed('hosts', () => this.startHosts()),
      this.kubeSkipped === undefined
        ? this.timed('k8s', () => startDemoKube(this.probes()))
        : Promise.resolve(undefined),
    ]);
    if (kube.status === 'fulfilled' && kube.value !== undefined) this.adoptKube(kube.value);
    for (const time of this.stages.times.filter((one) => ['hosts', 'k8s'].includes(one.name)))
      out.stage(time.name, `done in ${seconds(time.ms)}`);
    if (hosts.status === 'rejected') throw hosts.reason;
    if (kube.status === 'rejected') throw kube.reason;
    this.describeSandbox();
    this.checkpoint();
  }

  private async timed<T>(name: string, body: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await body();
    } finally {
      this.stages.record(name, Date.now() - started);
    }
  }

  private async startHosts(): Promise<Sandbox> {
    const { settings } = this;
    const sandbox = await startSandbox({
      cluster: 'ehc-demo',
      region: 'us-east-1',
      instances: settings.instances,
      services: [{ name: SERVICE, tasks: settings.tasks }],
      image: settings.image,
      parallel: true,
    });
    this.sandbox = sandbox;
    for (const instance of sandbox.hosts.instances) {
      this.cleanup.made.folders.push(instance.daemon.paths.dir);
      this.cleanup.made.bridges.push(instance.daemon.bridge.name);
      this.cleanup.made.pids.push(instance.daemon.pid);
    }
    this.cleanup.push('container instances (dockerd, tasks, bridges)', () => sandbox.hosts.stop());
    this.balancer?.route(sandbox.services[0]?.tasks ?? []);
    return sandbox;
  }

  private adoptKube(kube: DemoKube): void {
    this.kube = kube;
    this.cleanup.made.folders.push(kube.api.folder);
    this.cleanup.push('Kubernetes API (etcd, kube-apiserver)', () => kube.api.stop());
  }

  private describeSandbox(): void {
    const { out, sandbox, kube } = this;
    for (const instance of sandbox?.hosts.instances ?? []) {
      const tasks = sandbox?.services[0]?.tasks.filter((t) => t.instanceId === instance.instanceId);
      out.line(
        `  ${instance.instanceId}: dockerd ${instance.daemon.pid} on ${instance.daemon.bridge.name} (${instance.daemon.bridge.subnet}); tasks ${(tasks ?? []).map((t) => `${shortTask(t.taskId)} ${t.ip}:8080`).join(', ')}`,
      );
    }
    out.line('  each task: ECS labels and a metadata file as the ECS agent writes them');
    if (kube !== undefined) {
      out.line(
        `  Kubernetes API ${kube.api.server}: namespace ${NAMESPACE}, ChaosEngine ${ENGINE} with the probe; the run acts as ${kube.serviceAccount} (the chart's Role)`,
      );
    }
  }

  async startAws(): Promise<void> {
    const sandbox = this.sandbox!;
    this.emulator = await EmulatorProcess.start(fixtureOf(sandbox), this.home);
    const emulator = this.emulator;
    this.cleanup.made.pids.push(emulator.pid);
    this.cleanup.push('AWS emulator', async () => {
      this.awsRequests = await emulator.stop();
    });
    this.out.line(
      `  ECS, SSM and STS on ${emulator.endpoint}: cluster ${sandbox.cluster}, service ${SERVICE}, ${sandbox.hosts.instances.length} SSM-managed instances (Online)`,
    );
    this.checkpoint();
  }

  async startLoad(): Promise<void> {
    const { settings, out } = this;
    const tasks = this.sandbox?.services[0]?.tasks ?? [];
    this.load = new ServiceLoad(tasks, settings);
    const load = this.load;
    this.cleanup.push('client load', () => load.stop());
    out.line(
      `  ${tasks.length} tasks × (1 client GET / every ${settings.fastEveryMs} ms + ${settings.slowClients} clients GET /slow?ms=${settings.slowMs} back to back)`,
    );
    if (this.balancer !== undefined)
      out.line(`  the service's load balancer (round robin, TCP): ${this.balancer.url}`);
    await this.pause(settings.baselineSeconds * 1000);
    out.line(
      `  baseline after ${seconds(settings.baselineSeconds * 1000)}: ${load.count('ok')} ok, ${load.count('reset')} reset, ${load.count('error') + load.count('closed')} other`,
    );
  }

  async runChaos(): Promise<void> {
    const { settings, out } = this;
    this.checkpoint();
    const probesFile = this.kube === undefined ? await this.writeProbesFile() : undefined;
    const started = startRun(
      {
        settings,
        sandbox: this.sandbox!,
        endpoint: this.emulator!.endpoint,
        home: this.home,
        kube: this.kube,
        probesFile,
      },
      out,
    );
    this.run = started.run;
    this.runEnv = started.env;
    this.moments = started.moments;
    this.cleanup.made.pids.push(started.run.pid);
    const load = this.load!;
    const stop = showProgress(() => {
      out.progress(progressText(Date.now(), started.moments, load, this.balancer));
    });
    try {
      this.runResult = await started.run.finished();
      started.moments.revertedMs ??= this.runResult.endedMs;
    } finally {
      stop();
      out.line(progressText(Date.now(), started.moments, load, this.balancer));
      out.endProgress();
    }
    await writeFile(
      join(settings.outDir, 'executor.log'),
      this.runResult.lines.map((line) => JSON.stringify(line)).join('\n') + '\n',
    );
    out.line(
      `  exit ${String(this.runResult.code ?? this.runResult.signal)} after ${seconds(this.runResult.endedMs - this.runResult.startedMs)}; its log: ${join(settings.outDir, 'executor.log')}`,
    );
  }

  private async writeProbesFile(): Promise<string | undefined> {
    const probes = this.probes();
    if (probes.length === 0) return undefined;
    const file = join(this.home, 'probes.json');
    await writeFile(file, `${JSON.stringify(probes, null, 2)}\n`);
    return file;
  }

  /** Sends the signal on to the run, which reverts before it exits. */
  forward(signal: NodeJS.Signals): void {
    this.run?.kill(signal);
  }

  async afterRun(): Promise<void> {
    const load = this.load!;
    const from = Date.now();
    await this.pause(this.settings.afterSeconds * 1000);
    await load.stop();
    await this.balancer?.close();
    this.out.line(
      `  after the run: ${load.count('ok', from)} ok, ${load.count('reset', from)} reset, ${load.count('error', from) + load.count('closed', from)} other`,
    );
  }

  resultFile(): string {
    return resultFileOf(this.settings);
  }
}
