import { randomInt } from 'node:crypto';
import { run } from './process.js';

/**
 * A test daemon's own bridge. 10.213.0.0/16 is the project's: index N is the bridge
 * `ehc-brN` on 10.213.N.0/24 (N < 255; 10.213.255.0/24 is the daemon of `make image`).
 * Creating the link is the claim: the kernel lets only one process create a name, so
 * concurrent test runs never share a subnet.
 */
export interface Bridge {
  readonly name: string;
  readonly subnet: string;
  readonly gateway: string;
}

const PREFIX = '10.213';
const SLOTS = 255;

async function routedPrefixes(): Promise<string> {
  const routes = await run('ip', ['-4', 'route', 'show', 'table', 'all']);
  const addresses = await run('ip', ['-4', '-o', 'addr', 'show']);
  return routes.stdout + addresses.stdout;
}

async function tryClaim(index: number, inUse: string): Promise<Bridge | undefined> {
  const name = `ehc-br${index}`;
  if (inUse.includes(`${PREFIX}.${index}.`)) return undefined;
  const created = await run('ip', ['link', 'add', 'name', name, 'type', 'bridge'], {
    allowFailure: true,
  });
  if (created.code !== 0) return undefined;
  const gateway = `${PREFIX}.${index}.1`;
  try {
    await run('ip', ['addr', 'add', `${gateway}/24`, 'dev', name]);
    await run('ip', ['link', 'set', name, 'up']);
  } catch (error) {
    await run('ip', ['link', 'del', name], { allowFailure: true });
    throw error;
  }
  return { name, subnet: `${PREFIX}.${index}.0/24`, gateway };
}

/** Creates a bridge on a free subnet; fails when all are taken. */
export async function claimBridge(): Promise<Bridge> {
  const inUse = await routedPrefixes();
  const start = randomInt(SLOTS);
  for (let step = 0; step < SLOTS; step += 1) {
    const bridge = await tryClaim((start + step) % SLOTS, inUse);
    if (bridge !== undefined) return bridge;
  }
  throw new Error(`no free test bridge: ehc-br0..ehc-br${SLOTS - 1} (${PREFIX}.0.0/16) all taken`);
}

export async function releaseBridge(bridge: Bridge): Promise<void> {
  await run('ip', ['link', 'del', bridge.name], { allowFailure: true });
}

export async function bridgeExists(name: string): Promise<boolean> {
  const shown = await run('ip', ['link', 'show', name], { allowFailure: true });
  return shown.code === 0;
}
