/**
 * A world for runs under Litmus (docs/decisions/0183, 0184): a real single-node Kubernetes
 * (sandbox/kube/node) running the real Litmus chaos-operator, which starts the real
 * chaos-runner, whose Job the real controller manager turns into our experiment pod on the
 * real kubelet; the ECS side is a sandbox (dockerd hosts with ECS tasks; its first service
 * is the one engines target) with the AWS emulator, a load balancer in front of that
 * service and a Prometheus stand-in, all three on the node's link address, where pods
 * reach them. Used by test/e2e/litmus and `make demo LITMUS=1`.
 */
import { startAwsEmulator, type AwsEmulator } from '../emulator/index.js';
import { startKubeNode, type KubeNode } from '../kube/node/node.js';
import { RoundRobinBalancer } from '../world/balancer.js';
import { sweep } from '../world/leftovers.js';
import { PrometheusStandIn } from '../world/prometheus.js';
import { fixtureOf, type Sandbox } from '../world/world.js';
import { installOperator, litmusImages } from './operator.js';

export interface LitmusWorldOptions {
  /** Starts the ECS side; its first service is the target. */
  readonly sandbox: () => Promise<Sandbox>;
  /** The product image: the chart's image, LIB_IMAGE on the hosts. */
  readonly image: string;
}

export interface LitmusWorld {
  readonly node: KubeNode;
  readonly sandbox: Sandbox;
  readonly image: string;
  readonly aws: AwsEmulator;
  readonly balancer: RoundRobinBalancer;
  readonly prometheus: PrometheusStandIn;
  /** Milliseconds per start-up stage (reported, never asserted). */
  readonly timings: Readonly<Record<string, number>>;
  stop(): Promise<void>;
}

async function settled<T>(promise: Promise<T>, into: (value: T) => void): Promise<unknown> {
  try {
    into(await promise);
    return undefined;
  } catch (error) {
    return error ?? new Error('failed');
  }
}

export async function startLitmusWorld(options: LitmusWorldOptions): Promise<LitmusWorld> {
  const started = Date.now();
  const images = await litmusImages();
  let node: KubeNode | undefined;
  let sandbox: Sandbox | undefined;
  let aws: AwsEmulator | undefined;
  let balancer: RoundRobinBalancer | undefined;
  let prometheus: PrometheusStandIn | undefined;
  const stop = async () => {
    await Promise.all([balancer?.close(), prometheus?.close()]);
    await aws?.stop();
    await node?.stop();
    if (sandbox !== undefined) await sweep(sandbox.hosts.instances);
    await sandbox?.hosts.stop();
  };
  const failures = await Promise.all([
    settled(
      startKubeNode([options.image, images.operator, images.runner]),
      (value) => (node = value),
    ),
    settled(options.sandbox(), (value) => (sandbox = value)),
  ]);
  const failed = failures.find((failure) => failure !== undefined);
  if (node === undefined || sandbox === undefined || failed !== undefined) {
    await stop();
    throw failed instanceof Error
      ? failed
      : new Error(`the Litmus world did not start: ${JSON.stringify(failed)}`);
  }
  try {
    const ready = Date.now();
    await installOperator(node.api.admin, images);
    const operatorMs = Date.now() - ready;
    const host = node.layout.hostAddress;
    aws = await startAwsEmulator(fixtureOf(sandbox), {}, { host });
    balancer = await RoundRobinBalancer.start(host);
    balancer.route(sandbox.services[0]?.tasks ?? []);
    const lb = balancer;
    prometheus = await PrometheusStandIn.start(host, () =>
      [...lb.counts.values()].reduce((sum, counts) => sum + counts.resets, 0),
    );
    const timings = { ...node.timings, operator: operatorMs, total: Date.now() - started };
    return { node, sandbox, image: options.image, aws, balancer, prometheus, timings, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
