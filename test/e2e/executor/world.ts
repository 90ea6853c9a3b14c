/**
 * The world of the executor's end-to-end tests (sandbox/world): two emulated ECS
 * container instances, a targeted service `web` with one task on each, and a neighbour
 * service `other` on the same instances that no run may touch.
 */
import type { EmulatorFixture } from '../../../sandbox/emulator/fixture.js';
import { IMAGES, type ContainerInstance, type EcsTask } from '../../../sandbox/docker/index.js';
import {
  fixtureOf as sandboxFixture,
  instanceOf as sandboxInstance,
  startSandbox,
  urlOf,
  type Sandbox,
  type Service,
} from '../../../sandbox/world/world.js';

export { PORT } from '../../../sandbox/world/world.js';
export { urlOf, type Service };

/** LIB_IMAGE on the hosts: the image of this checkout (`make image`; EHC_IMAGE names it). */
export const IMAGE = process.env['EHC_IMAGE'] ?? IMAGES.product;
export const CLUSTER = 'ehc-test-cluster';
export const REGION = 'us-east-1';

export interface World extends Sandbox {
  /** The targeted service: one task on each instance. */
  readonly web: Service;
  /** A neighbour on the same instances that no run may touch. */
  readonly other: Service;
}

export async function startWorld(): Promise<World> {
  const sandbox = await startSandbox({
    cluster: CLUSTER,
    region: REGION,
    instances: 2,
    services: [
      { name: 'web', tasks: 2 },
      { name: 'other', tasks: 2 },
    ],
    image: IMAGE,
  });
  const [web, other] = sandbox.services;
  return { ...sandbox, web: web!, other: other! };
}

export function fixtureOf(world: World, extra: readonly Service[] = []): EmulatorFixture {
  return sandboxFixture(world, extra);
}

export function instanceOf(world: World, task: EcsTask): ContainerInstance {
  return sandboxInstance(world, task);
}
