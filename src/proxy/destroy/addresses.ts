import type { NetworkInterfaceInfo } from 'node:os';
import { canonicalAddress } from './tuples.js';

export type Interfaces = () => NodeJS.Dict<NetworkInterfaceInfo[]>;

/** The addresses a connection is matched against: the fault's interface's, and all of ours. */
export interface FaultAddresses {
  readonly onInterface: ReadonlySet<string>;
  readonly own: ReadonlySet<string>;
}

/** How long a just-created interface may stay hidden, and how often to look again. */
const APPEAR_WITHIN_MS = 3000;
const LOOK_EVERY_MS = 100;

function addressesOf(interfaces: Interfaces, only?: string): Set<string> {
  const found = new Set<string>();
  for (const [name, infos] of Object.entries(interfaces())) {
    if (only !== undefined && name !== only) continue;
    for (const info of infos ?? []) found.add(canonicalAddress(info.address));
  }
  return found;
}

/**
 * The interface's addresses, waited for: Node lists an interface only once the kernel
 * reports it RUNNING, which lags a fresh veth's carrier by up to a second (linkwatch), and
 * an empty set would match no connection at all: a window that resets nothing. Undefined
 * when the interface still shows no address, so the caller takes the relay instead.
 */
export async function faultAddresses(
  interfaces: Interfaces,
  interfaceName: string,
  sleep: (ms: number) => Promise<void>,
): Promise<FaultAddresses | undefined> {
  for (let waited = 0; waited <= APPEAR_WITHIN_MS; waited += LOOK_EVERY_MS) {
    const onInterface = addressesOf(interfaces, interfaceName);
    if (onInterface.size > 0) return { onInterface, own: addressesOf(interfaces) };
    await sleep(LOOK_EVERY_MS);
  }
  return undefined;
}
