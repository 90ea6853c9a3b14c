// Where the harness finds its parts: the tool binaries through scripts/tools/path.sh (the
// one place that knows the cache layout and pinned versions), the Litmus CRDs in the
// shared folder beside the clone.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type KubeTool =
  | 'kube-apiserver'
  | 'etcd'
  | 'helm'
  | 'toxiproxy'
  // The test node (docs/decisions/0181): binaries of kube-node, containerd, cni-plugins.
  | 'kubelet'
  | 'kube-controller-manager'
  | 'kube-scheduler'
  | 'containerd'
  | 'ctr'
  | 'bridge'
  | 'chaos-operator'
  | 'chaos-runner';

/** The clone's root: the nearest folder up from this file whose package.json is ours. */
export function repositoryRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (
      existsSync(manifest) &&
      readFileSync(manifest, 'utf8').includes('"name": "ecs-http-chaos"')
    ) {
      return folder;
    }
    const parent = dirname(folder);
    if (parent === folder)
      throw new Error('ecs-http-chaos package.json not found above the harness');
    folder = parent;
  }
}

/** The cached binary of a tool, or an error that says how to build it. */
export async function toolPath(tool: KubeTool): Promise<string> {
  const script = join(repositoryRoot(), 'scripts', 'tools', 'path.sh');
  try {
    const { stdout } = await run(script, [tool]);
    return stdout.trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? String(error);
    throw new Error(`${tool} is not available: ${stderr}. Build it with: make tools`, {
      cause: error,
    });
  }
}

export const tetherScript = (): string => join(repositoryRoot(), 'sandbox', 'kube', 'tether.sh');

/**
 * The Litmus CRDs are shared data, never copied into the clone: EHC_LITMUS_CRDS_DIR when
 * set, else `shared/litmus-crds` beside the clone (CI, the main clone) or beside the
 * worktrees' parent.
 */
export function litmusCrdsDir(): string {
  const root = repositoryRoot();
  const candidates = [
    process.env.EHC_LITMUS_CRDS_DIR,
    resolve(root, '..', 'shared', 'litmus-crds'),
    resolve(root, '..', '..', 'shared', 'litmus-crds'),
  ].filter((dir): dir is string => dir !== undefined && dir !== '');
  const found = candidates.find((dir) => existsSync(join(dir, 'chaosresults_crd.yaml')));
  if (found === undefined) {
    throw new Error(
      `Litmus CRDs not found in ${candidates.join(', ')}: set EHC_LITMUS_CRDS_DIR to the folder holding chaosresults_crd.yaml`,
    );
  }
  return found;
}

/**
 * The Litmus operator and runner sources (their deploy/ manifests are how Litmus installs
 * the operator): EHC_LITMUS_SOURCES_DIR when set, else `shared/third-party/litmuschaos`
 * beside the clone or beside the worktrees' parent (as scripts/tools/recipes.sh finds them).
 */
export function litmusSourcesDir(): string {
  const root = repositoryRoot();
  const candidates = [
    process.env.EHC_LITMUS_SOURCES_DIR,
    resolve(root, '..', 'shared', 'third-party', 'litmuschaos'),
    resolve(root, '..', '..', 'shared', 'third-party', 'litmuschaos'),
  ].filter((dir): dir is string => dir !== undefined && dir !== '');
  const found = candidates.find((dir) => existsSync(join(dir, 'SOURCE.md')));
  if (found === undefined) {
    throw new Error(
      `Litmus sources not found in ${candidates.join(', ')}: set EHC_LITMUS_SOURCES_DIR to the folder holding SOURCE.md`,
    );
  }
  return found;
}
