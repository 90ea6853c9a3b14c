// scripts/tools/path.sh is how anything outside jest (the demo, make) learns whether a tool
// is built: it must print the cached binary only when that binary is the pinned version.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot } from '../../../sandbox/kube/paths.js';

const run = promisify(execFile);
const script = join(repositoryRoot(), 'scripts', 'tools', 'path.sh');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function pathSh(args: string[], cache?: string): Promise<Outcome> {
  const env = cache === undefined ? process.env : { ...process.env, ECS_HTTP_CHAOS_CACHE: cache };
  try {
    const { stdout, stderr } = await run(script, args, { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

async function pinnedVersion(variable: string): Promise<string> {
  const versions = await readFile(
    join(repositoryRoot(), 'scripts', 'tools', 'versions.sh'),
    'utf8',
  );
  const match = new RegExp(`^${variable}=(\\S+)$`, 'm').exec(versions);
  if (match?.[1] === undefined) throw new Error(`${variable} not in versions.sh`);
  return match[1];
}

let emptyCache = '';
beforeAll(async () => {
  emptyCache = await mkdtemp(join(tmpdir(), 'ehc-test-tools-'));
});
afterAll(async () => {
  await rm(emptyCache, { recursive: true, force: true });
});

describe('scripts/tools/path.sh', () => {
  it('prints the cached kube-apiserver, which reports the pinned version', async () => {
    const version = await pinnedVersion('KUBE_VERSION');
    const found = await pathSh(['kube-apiserver']);
    expect(found.code).toBe(0);
    const binary = found.stdout.trim();
    expect(binary).toMatch(
      new RegExp(`/tools/kube-apiserver-${version.replaceAll('.', '\\.')}/kube-apiserver$`),
    );
    const { stdout } = await run(binary, ['--version']);
    expect(stdout.trim()).toBe(`Kubernetes ${version}`);
  });

  it('exits 1 and says how to build when the cache has no such tool', async () => {
    const missing = await pathSh(['etcd'], emptyCache);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain(`etcd ${await pinnedVersion('ETCD_VERSION')} is not built`);
    expect(missing.stderr).toContain('make tools');
  });

  it('refuses a cached binary that reports another version', async () => {
    const version = await pinnedVersion('KUBE_VERSION');
    const binary = join(emptyCache, 'tools', `kube-apiserver-${version}`, 'kube-apiserver');
    await mkdir(dirname(binary), { recursive: true });
    await writeFile(binary, '#!/bin/sh\necho "Kubernetes v1.0.0"\n');
    await chmod(binary, 0o755);
    const stale = await pathSh(['kube-apiserver'], emptyCache);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe('');
  });

  it('names the known tools when asked for an unknown one', async () => {
    const unknown = await pathSh(['kubectl']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown tool 'kubectl'");
    expect(unknown.stderr).toContain('helm, kube-apiserver, etcd, toxiproxy');
  });
});
