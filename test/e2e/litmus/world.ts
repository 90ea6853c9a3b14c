/**
 * The world of the Litmus end-to-end tests (docs/decisions/0183): a real single-node
 * Kubernetes (test/support/kube/node) running the real Litmus chaos-operator, which starts
 * the real chaos-runner, whose Job the real controller manager turns into our experiment
 * pod on the real kubelet; the ECS side is the executor e2e world (two dockerd hosts, the
 * service `web` and a neighbour `other`) with the AWS emulator, a load balancer in front
 * of `web` and a Prometheus stand-in, all three on the node's link address, where pods
 * reach them.
 */
import { startAwsEmulator, type AwsEmulator } from '../../emulators/aws/index.js';
import { RoundRobinBalancer } from '../../demo/balancer.js';
import { installOperator, litmusImages } from '../../support/kube/litmus/operator.js';
import { startKubeNode, type KubeNode } from '../../support/kube/node/node.js';
import { PrometheusStandIn } from '../../support/sandbox/prometheus.js';
import { sweep } from '../../support/sandbox/leftovers.js';
import { IMAGE, fixtureOf, startWorld, type World } from '../executor/world.js';

export interface LitmusWorld {
  readonly node: KubeNode;
  readonly hosts: World;
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

export async function startLitmusWorld(): Promise<LitmusWorld> {
  const started = Date.now();
  const images = await litmusImages();
  let node: KubeNode | undefined;
  let hosts: World | undefined;
  let aws: AwsEmulator | undefined;
  let balancer: RoundRobinBalancer | undefined;
  let prometheus: PrometheusStandIn | undefined;
  const stop = async () => {
    await Promise.all([balancer?.close(), prometheus?.close()]);
    await aws?.stop();
    await node?.stop();
    if (hosts !== undefined) await sweep(hosts.hosts.instances);
    await hosts?.hosts.stop();
  };
  const failures = await Promise.all([
    settled(startKubeNode([IMAGE, images.operator, images.runner]), (value) => (node = value)),
    settled(startWorld(), (value) => (hosts = value)),
  ]);
  const failed = failures.find((failure) => failure !== undefined);
  if (node === undefined || hosts === undefined || failed !== undefined) {
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
    aws = await startAwsEmulator(fixtureOf(hosts), {}, { host });
    balancer = await RoundRobinBalancer.start(host);
    balancer.route(hosts.web.tasks);
    const lb = balancer;
    prometheus = await PrometheusStandIn.start(host, () =>
      [...lb.counts.values()].reduce((sum, counts) => sum + counts.resets, 0),
    );
    const timings = { ...node.timings, operator: operatorMs, total: Date.now() - started };
    return { node, hosts, aws, balancer, prometheus, timings, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
