// The README and the decision index must stay true: the tests the README cites exist with
// the titles it quotes, its links resolve, and the index lists every decision record.
import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { repositoryRoot } from '../../../sandbox/kube/paths.js';

const root = repositoryRoot();
const read = (path: string): Promise<string> => readFile(join(root, path), 'utf8');

/** Each cited test file with the titles quoted after it (“…”), in order of appearance. */
function citations(markdown: string): Map<string, string[]> {
  const cited = new Map<string, string[]>();
  let current: string | undefined;
  for (const match of markdown.matchAll(/`(test\/[\w./-]+\.test\.ts)`|“([^”]+)”/g)) {
    if (match[1] !== undefined) {
      current = match[1];
      if (!cited.has(current)) cited.set(current, []);
    } else if (current !== undefined && match[2] !== undefined) {
      cited.get(current)?.push(match[2]);
    }
  }
  return cited;
}

/** Relative markdown links, resolved against the document's folder. */
function relativeLinks(markdown: string, document: string): string[] {
  return [...markdown.matchAll(/\]\(([^)#:]+)(?:#[^)]*)?\)/g)].map((match) =>
    join(dirname(document), match[1] ?? ''),
  );
}

describe('README.md', () => {
  it('gives the two set-up commands', async () => {
    const readme = await read('README.md');
    const setup = readme.slice(readme.indexOf('## Set up'), readme.indexOf('## How it works'));
    expect(setup).toContain('make demo');
    expect(setup).toContain('make test');
  });

  it('cites tests that exist, by titles they have', async () => {
    const cited = citations(await read('README.md'));
    expect(cited.size).toBeGreaterThanOrEqual(8);
    for (const [file, titles] of cited) {
      expect([file, existsSync(join(root, file))]).toEqual([file, true]);
      const text = await read(file);
      for (const title of titles)
        expect([file, title, text.includes(title)]).toEqual([file, title, true]);
    }
  });

  it('warns never to flush a host’s nat chains', async () => {
    const readme = await read('README.md');
    expect(readme).toMatch(/\*\*Never flush a host's nat chains\*\*/);
    expect(readme).toContain('credentials');
  });

  it.each(['README.md', 'experiments/ecs-container-http-reset-peer/README.md'])(
    '%s links only to files that exist',
    async (document) => {
      for (const target of relativeLinks(await read(document), document)) {
        expect([target, existsSync(join(root, target))]).toEqual([target, true]);
      }
    },
  );
});

describe('docs/decisions/README.md', () => {
  it('lists every decision record, each link resolving', async () => {
    const index = await read('docs/decisions/README.md');
    const records = (await readdir(join(root, 'docs/decisions')))
      .filter((file) => /^\d{4}-.+\.md$/.test(file))
      .sort();
    const linked = [...index.matchAll(/\]\((\d{4}-[^)]+\.md)\)/g)].map((match) => match[1]);
    expect(linked).toEqual(records);
    expect(records.length).toBeGreaterThanOrEqual(29);
  });
});
