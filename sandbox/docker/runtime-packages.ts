import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repositoryRoot } from '../kube/paths.js';

/** The Debian packages every architecture's runtime stage installs (one per line, `#` comments). */
export async function runtimePackages(): Promise<string[]> {
  const text = await readFile(join(repositoryRoot(), 'scripts/image/runtime-packages'), 'utf8');
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
}
