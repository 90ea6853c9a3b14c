// INSTALL_DEPENDENCIES=true pulls LIB_IMAGE from a registry: here Debian's docker-registry
// on loopback, pushed to from one test daemon and pulled from by another.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ContainerInstance,
  httpGet,
  IMAGES,
  LocalRegistry,
  processesUnder,
  waitFor,
} from '../../../sandbox/docker/index.js';
import { access } from 'node:fs/promises';

let registry: LocalRegistry | undefined;
let source: ContainerInstance | undefined;
let target: ContainerInstance | undefined;

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('these tests need root (they start dockerd)');
  registry = await LocalRegistry.start();
  source = await ContainerInstance.start({ images: [IMAGES.httpService] });
  target = await ContainerInstance.start({ images: [] });
}, 300_000);

afterAll(async () => {
  const results = await Promise.allSettled([source?.stop(), target?.stop(), registry?.stop()]);
  for (const result of results) if (result.status === 'rejected') throw result.reason;
}, 120_000);

describe('a local registry between two test daemons', () => {
  it('serves an image pushed from one daemon to a daemon that never had it', async () => {
    const missing = await target!.docker(['image', 'inspect', IMAGES.httpService], {
      allowFailure: true,
    });
    expect(missing.code).not.toBe(0);

    const ref = await registry!.push(source!, IMAGES.httpService, 'ehc-test/http-service:pushed');
    expect(ref).toBe(`${registry!.address}/ehc-test/http-service:pushed`);
    await target!.docker(['pull', ref], { timeoutMs: 300_000 });

    const sourceId = await source!.docker(['image', 'inspect', '--format', '{{.Id}}', ref]);
    const targetId = await target!.docker(['image', 'inspect', '--format', '{{.Id}}', ref]);
    expect(targetId.stdout).toBe(sourceId.stdout);

    // The pulled image is whole: it runs and serves.
    const id = (await target!.docker(['run', '-d', '-e', 'NAME=pulled', ref])).stdout.trim();
    const ip = (
      await target!.docker(['inspect', '--format', '{{.NetworkSettings.IPAddress}}', id])
    ).stdout.trim();
    const answer = await waitFor(`the pulled service on ${ip}`, async () => {
      const got = await httpGet(`http://${ip}:8080/`, 1_000);
      return got.status === 200 ? got : undefined;
    });
    expect(JSON.parse(answer.body)).toMatchObject({ name: 'pulled' });
  }, 300_000);

  it('a missing tag fails the pull with the registry named', async () => {
    const pulled = await target!.docker(['pull', `${registry!.address}/ehc-test/absent:1`], {
      allowFailure: true,
    });
    expect(pulled.code).not.toBe(0);
    expect(pulled.stderr).toContain(registry!.address);
  });

  it('stop() ends the registry and removes its storage', async () => {
    const dir = registry!.dir;
    await registry!.stop();
    expect(await processesUnder(dir)).toEqual([]);
    await expect(access(dir)).rejects.toThrow();
    await expect(httpGet(`http://${registry!.address}/v2/`, 1_000)).rejects.toThrow();
  });
});
