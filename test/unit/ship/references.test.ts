// The docs stand alone: every path that a document, comment or script names inside this
// repository exists, no text leans on files that live outside it (design notes, research),
// and code, tests and READMEs do not need an issue tracker to be understood (the decision
// records may cite issues as history).
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { repositoryRoot } from '../../../sandbox/kube/paths.js';

const root = repositoryRoot();
const SELF = relative(root, import.meta.filename);
const FOLDERS = ['src', 'sandbox', 'test', 'bench', 'scripts', 'mk', 'docs', 'charts'];
const FOLDERS_TOO = ['experiments', 'faults', 'bin', '.ci'];
const FILES = ['README.md', 'Makefile', 'Dockerfile'];
const TEXT = /\.(ts|sh|md|mk|yaml|tpl)$|^(Makefile|Dockerfile|run|ecs-http-chaos)$/;
const SKIP = new Set(['node_modules', 'dist', '.build', '.tmp', 'coverage', 'golden']);

/** Every text file of the repository that people read, as paths relative to its root. */
function sources(): string[] {
  const found: string[] = [...FILES];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name)) walk(path);
      } else if (TEXT.test(entry.name)) found.push(path);
    }
  };
  for (const folder of [...FOLDERS, ...FOLDERS_TOO]) walk(folder);
  return found.filter((path) => path !== SELF);
}

// A path inside the repository: one of its top-level folders, then path characters; not
// part of a longer path (`.build/sandbox/…`, a URL), not a regular expression, and not a
// path of the past (after "was" or "formerly": a decision record telling of a move).
const TOP = [...FOLDERS, ...FOLDERS_TOO, 'research'].join('|').replace('.', '\\.');
const PATH = new RegExp(
  `(?<![\\w./\\-:$])(?<!\\b(?:was|formerly) )((?:${TOP})/[\\w./\\-]*[\\w/])(?![\\w(*{|$\\-])`,
  'g',
);
// A capitalised notes file (README.md, …): it must exist beside the text or at the root.
const NOTES = /(?<![\w./-])([A-Z][A-Z_]+\.md)\b/g;

// Files that live outside the clone by design: the marker of the Litmus source snapshot
// that `make tool-litmus` builds from (scripts/tools/recipes.sh).
const OUTSIDE = new Set(['SOURCE.md']);

/** Paths that resolve: the file or folder itself, or an ADR by number (docs/decisions/0110). */
/** Tests that name paths inside their own fixture tree (a miniature src/). */
const FIXTURE_BASES = new Map([['test/unit/lint/layers.test.ts', 'test/fixtures/layers']]);

function resolves(path: string, from: string): boolean {
  const bare = path.replace(/\/$/, '');
  const base = FIXTURE_BASES.get(from);
  if (base !== undefined && existsSync(join(root, base, bare))) return true;
  // `experiments/.../job.yaml` abbreviates on purpose.
  if (OUTSIDE.has(bare) || bare.includes('...')) return true;
  if (existsSync(join(root, bare))) return true;
  if (existsSync(join(root, dirname(from), bare))) return true;
  const adr = /^docs\/decisions\/(\d{4})(?:-\d{4})?$/.exec(bare);
  if (adr !== null)
    return readdirSync(join(root, 'docs/decisions')).some((f) => f.startsWith(adr[1] ?? '-'));
  // A compiled module named by its JavaScript name (`src/cli/entry.js` → .ts).
  return /\.js$/.test(bare) && existsSync(join(root, bare.replace(/\.js$/, '.ts')));
}

/** `file:line: path` for each path the file names that does not exist. */
function missingPaths(file: string): string[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  return lines.flatMap((line, index) =>
    [...line.matchAll(PATH), ...line.matchAll(NOTES)]
      .map((match) => match[1] ?? '')
      .filter((path) => !resolves(path, file))
      .map((path) => `${file}:${index + 1}: ${path}`),
  );
}

describe('references inside the repository', () => {
  const files = sources();

  it('finds the texts to check', () => {
    expect(files.length).toBeGreaterThan(400);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/design.md', 'mk/test.mk']));
  });

  it('names only paths that exist', () => {
    expect(files.flatMap(missingPaths)).toEqual([]);
  });

  it('would catch a path that does not exist, and a notes file outside the repository', () => {
    expect(resolves('docs/reference/litmus.md', 'README.md')).toBe(true);
    expect(resolves('docs/decisions/0110-0113', 'README.md')).toBe(true);
    expect(resolves('docs/reference/nowhere.md', 'README.md')).toBe(false);
    expect(resolves('research/aws.md', 'README.md')).toBe(false);
    const text = 'see DESIGN.md and research/proxy.md, not .build/sandbox/x.js';
    const named = [...text.matchAll(PATH), ...text.matchAll(NOTES)].map((match) => match[1]);
    expect(named.sort()).toEqual(['DESIGN.md', 'research/proxy.md']);
  });

  it('does not send code, tests or READMEs to an issue tracker', () => {
    const cited = files
      .filter((file) => !file.startsWith('docs/decisions/0'))
      .flatMap((file) =>
        readFileSync(join(root, file), 'utf8')
          .split('\n')
          .flatMap((line, index) =>
            /\bissues? \d+|\bissue #\d+/i.test(line)
              ? [`${file}:${index + 1}: ${line.trim()}`]
              : [],
          ),
      );
    expect(cited).toEqual([]);
  });
});
