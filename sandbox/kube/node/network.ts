// The node's network namespace and its one link to the machine (see layout.ts). Creating
// the veth is the claim on an index: the kernel lets one process create a name, so two
// test runs never share addresses. Nothing else changes on the machine's side: no route,
// no iptables rule, no sysctl; the node's forwarding and NAT live in its own namespace.
import { randomInt } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../../docker/process.js';
import { NODE_PREFIXES, NODE_SLOTS, layoutOf, type NodeLayout } from './layout.js';

async function addressesInUse(): Promise<string> {
  const routes = await run('ip', ['-4', 'route', 'show', 'table', 'all']);
  const addresses = await run('ip', ['-4', '-o', 'addr', 'show']);
  return routes.stdout + addresses.stdout;
}

const taken = (index: number, inUse: string): boolean =>
  Object.values(NODE_PREFIXES).some((prefix) => inUse.includes(`${prefix}.${index}.`));

async function configure(layout: NodeLayout): Promise<void> {
  const peer = `${layout.name}p`;
  const inside = (...args: string[]) => run('ip', ['-n', layout.name, ...args]);
  await run('ip', ['netns', 'add', layout.name]);
  await run('ip', ['link', 'set', peer, 'netns', layout.name]);
  await run('ip', ['addr', 'add', `${layout.hostAddress}/30`, 'dev', layout.name]);
  await run('ip', ['link', 'set', layout.name, 'up']);
  await inside('link', 'set', peer, 'name', 'eth0');
  await inside('addr', 'add', `${layout.nodeAddress}/30`, 'dev', 'eth0');
  await inside('link', 'set', 'eth0', 'up');
  await inside('link', 'set', 'lo', 'up');
  await inside('addr', 'add', `${layout.apiServiceAddress}/32`, 'dev', 'lo');
  // The machine does not forward (it has no route back to the pods either): this route
  // only gives the node a default, as kubelet and CNI expect.
  await inside('route', 'add', 'default', 'via', layout.hostAddress);
  await run('ip', ['netns', 'exec', layout.name, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
}

async function tryClaim(index: number, dir: string): Promise<NodeLayout | undefined> {
  const layout = layoutOf(index, dir);
  const created = await run(
    'ip',
    ['link', 'add', layout.name, 'type', 'veth', 'peer', 'name', `${layout.name}p`],
    { allowFailure: true },
  );
  if (created.code !== 0) return undefined;
  // The claim is ours from here: the folder says which index to remove, whatever happens.
  await writeFile(join(dir, 'index'), `${index}\n`);
  await configure(layout);
  return layout;
}

/** Claims a free index and sets up its namespace and link; `dir` is the node's folder. */
export async function claimNodeNetwork(dir: string): Promise<NodeLayout> {
  const inUse = await addressesInUse();
  const start = randomInt(NODE_SLOTS);
  for (let step = 0; step < NODE_SLOTS; step += 1) {
    const index = (start + step) % NODE_SLOTS;
    if (taken(index, inUse)) continue;
    const layout = await tryClaim(index, dir);
    if (layout !== undefined) return layout;
  }
  throw new Error(`no free test node index: ehc-node0..ehc-node${NODE_SLOTS - 1} all taken`);
}
