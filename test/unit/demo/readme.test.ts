import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OVERRIDES } from '../../../sandbox/demo/settings.js';
import { repositoryRoot } from '../../../sandbox/kube/paths.js';

describe('README: make demo', () => {
  it('lists every tunable of the demo with its default, and no other', async () => {
    const readme = await readFile(join(repositoryRoot(), 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## What `make demo` shows'),
      readme.indexOf('## How it works'),
    );
    const rows = [...section.matchAll(/^\| `([A-Z_]+)` \| `([^`]+)` \| (.+) \|$/gm)].map(
      (match) => [match[1], match[2], match[3]],
    );
    expect(rows).toEqual(OVERRIDES.map((row) => [...row]));
  });
});
