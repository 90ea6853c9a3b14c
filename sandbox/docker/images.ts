import { pipe, run } from './process.js';

const product = process.env['EHC_IMAGE'] ?? 'ecs-http-chaos:dev';

/** Built by `make image` and `make test-images` on the daemon those targets use. */
export const IMAGES = {
  /** The product image: executor, proxy and reaper (LIB_IMAGE); EHC_IMAGE names another. */
  product,
  /** Its linux/arm64 build (`make image-arm64`; EHC_IMAGE_ARM64 names another). */
  productArm64: process.env['EHC_IMAGE_ARM64'] ?? `${product}-arm64`,
  /** The application of the test tasks (sandbox/images/http-service). */
  httpService: 'ehc-test/http-service:dev',
  /** The awsvpc pause container (sandbox/images/ecs-pause). */
  pause: 'ehc-test/ecs-pause:dev',
};

/** The daemon the images are built on: DOCKER_HOST of the test process, else the default. */
export function sourceDockerHost(): string {
  return process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock';
}

/** Fails with the make target to run when an image is missing at the source. */
export async function assertBuilt(images: readonly string[], from = sourceDockerHost()) {
  for (const image of images) {
    const found = await run('docker', ['image', 'inspect', '--format', '{{.Id}}', image], {
      env: { DOCKER_HOST: from },
      allowFailure: true,
    });
    if (found.code !== 0) {
      throw new Error(
        `image ${image} is not on ${from}: run 'make test-images' (it builds the product image too)`,
      );
    }
  }
}

/**
 * `docker save | docker load` from the build daemon into a test daemon: the test hosts
 * have no registry to pull from. One save for all images, so shared layers travel once.
 */
export async function copyImages(
  images: readonly string[],
  toDockerHost: string,
  from = sourceDockerHost(),
): Promise<void> {
  if (images.length === 0) return;
  await assertBuilt(images, from);
  await pipe(
    { file: 'docker', args: ['save', ...images], env: { DOCKER_HOST: from } },
    { file: 'docker', args: ['load', '--quiet'], env: { DOCKER_HOST: toDockerHost } },
    300_000,
  );
}
