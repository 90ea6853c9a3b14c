import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The Debian packages every architecture's runtime stage installs (one per line, `#` comments). */
export async function runtimePackages(): Promise<string[]> {
  const root = join(import.meta.dirname, '..', '..', '..');
  const text = await readFile(join(root, 'scripts/image/runtime-packages'), 'utf8');
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
}
