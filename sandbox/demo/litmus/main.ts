/**
 * `make demo LITMUS=1` (docs/decisions/0184): the demo's sandbox fault through the real
 * Litmus control plane. A real single-node Kubernetes comes up (kubelet, containerd,
 * controller manager, scheduler, API server), the chaos-operator is installed as Litmus
 * installs it, the chart by helm, and the sample ChaosEngine is applied with the demo's
 * tunables; the operator starts the runner, the runner the Job, the kubelet our pod. While
 * it runs the engine's status is shown as it changes; at the end it stands beside the
 * ChaosResult. Then everything is removed, also on Ctrl-C (the engine is stopped first, so
 * the run reverts). Exit 0 when every check holds, 1 otherwise, 2 on a bad tunable.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repositoryRoot } from '../../kube/paths.js';
import { engineStatus, readEngine, type Engine, type Json } from '../../litmus/engine.js';
import { runEngine, stopEngine, type Ran } from '../../litmus/scenario.js';
import { startLitmusWorld, type LitmusWorld } from '../../litmus/world.js';
import { startSandbox } from '../../world/world.js';
import { Output, seconds } from '../output.js';
import { SettingsError, loadSettings, type DemoSettings } from '../settings.js';
import { checks, sideBySide, table, text } from './report.js';

const out = new Output((text) => process.stdout.write(text), false);
let engine: Engine | undefined;
let world: LitmusWorld | undefined;
let stopped: string | undefined;

function startWorld(settings: DemoSettings): Promise<LitmusWorld> {
  return startLitmusWorld({
    image: settings.image,
    sandbox: () =>
      startSandbox({
        cluster: 'ehc-demo',
        region: 'us-east-1',
        instances: settings.instances,
        services: [{ name: 'web', tasks: settings.tasks }],
        image: settings.image,
        parallel: true,
      }),
  });
}

/** The engine's status each time it changes, while the run goes on. */
async function watch(current: LitmusWorld, watched: Engine, done: () => boolean): Promise<void> {
  let last = '';
  while (!done()) {
    const status = engineStatus(await readEngine(current, watched).catch(() => ({})));
    const experiment = ((status['experiments'] ?? []) as Json[])[0] ?? {};
    const shown = `engine ${text(status['engineStatus'])}; experiment ${text(experiment['status'])}, verdict ${text(experiment['verdict'])}, pod ${text(experiment['experimentPod'])}`;
    if (shown !== last) out.stage('engine', shown);
    last = shown;
    await sleep(1_000);
  }
}

async function demo(settings: DemoSettings): Promise<Ran> {
  out.stage(
    'node',
    'kube-apiserver, etcd, controller manager, scheduler, kubelet, containerd + runc, CNI bridge',
  );
  out.stage(
    'hosts',
    `${settings.instances} container instances (a dockerd each), ${settings.tasks} tasks of service web`,
  );
  const started = Date.now();
  world = await startWorld(settings);
  out.stage(
    'node',
    `${world.node.layout.name} Ready, chaos-operator running, in ${seconds(Date.now() - started)}; AWS emulator ${world.aws.endpoint}, load balancer ${world.balancer.url}`,
  );
  if (stopped !== undefined) throw new Error(`stopped by ${stopped}`);
  out.stage(
    'helm',
    'helm install ecs-http-chaos charts/ecs-http-chaos (ChaosExperiment, ServiceAccount, Role), then the sample engine.yaml',
  );
  let finished = false;
  const current = world;
  let watching: Promise<void> = Promise.resolve();
  try {
    return await runEngine(current, 'demo', {
      // The sample's probe as written: the service answers its health check during chaos.
      probePath: '/health',
      slowMs: settings.slowMs,
      env: {
        RESET_TIMEOUT: String(settings.resetTimeoutMs),
        TASK_REPLICA_AFFECTED_PERC: String(settings.affectedPercent),
        TOTAL_CHAOS_DURATION: String(settings.windowSeconds),
        TOXICITY: String(settings.toxicity),
      },
      keepIn: join(settings.outDir, 'litmus'),
      onApplied: (applied) => {
        engine = applied;
        out.stage(
          'engine',
          `kubectl apply: ChaosEngine ${applied.metadata.namespace}/${applied.metadata.name}`,
        );
        watching = watch(current, applied, () => finished);
        if (stopped !== undefined) void stopEngine(current, applied);
      },
      // A Ctrl-C in the run stops the engine: the operator's last word is then `stopped`.
      until: ['completed', 'stopped'],
    });
  } finally {
    finished = true;
    await watching;
  }
}

/** The engine beside the ChaosResult, then the checks; true when every check holds. */
function show(ran: Ran, settings: DemoSettings): boolean {
  out.line('');
  for (const row of table(sideBySide(ran))) out.line(`  ${row}`);
  out.line('');
  const results = checks(ran);
  for (const check of results) out.line(`  ${check.ok ? '✓' : '✗'} ${check.text}`);
  out.line(
    `  kept: ${join(settings.outDir, 'litmus')} (chaosengine.json, chaosresult.json, runner.log, experiment-0.log)`,
  );
  return results.every((check) => check.ok);
}

/** Ctrl-C or SIGTERM: engineState stop (the run reverts), then the usual clean-up. */
function onSignals(): void {
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.on(name, () => {
      out.line(`⏹ ${name}: engineState stop (the run reverts), then everything is removed`);
      stopped ??= name;
      if (world !== undefined && engine !== undefined) void stopEngine(world, engine);
    });
  }
}

async function main(): Promise<number> {
  let settings: DemoSettings;
  try {
    settings = loadSettings(process.env, repositoryRoot());
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    process.stderr.write(
      `make demo LITMUS=1: invalid tunables (nothing was created):\n${error.message}\n`,
    );
    return 2;
  }
  onSignals();
  out.line(
    'ecs-http-chaos demo through Litmus: the real chaos-operator and chaos-runner on a real node',
  );
  let code = 1;
  try {
    const passed = show(await demo(settings), settings);
    code = stopped !== undefined ? 130 : passed ? 0 : 1;
  } catch (error) {
    out.line(`✗ ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    out.stage('cleanup', 'the node, its namespaces, mounts and cgroups, the hosts, the emulator');
    await world?.stop();
    out.stage('cleanup', 'done');
  }
  return code;
}

main().then(
  (code) => {
    // eslint-disable-next-line no-restricted-properties -- the demo's one exit
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`make demo LITMUS=1: ${String(error)}\n`);
    // eslint-disable-next-line no-restricted-properties -- the demo's one exit
    process.exit(1);
  },
);
