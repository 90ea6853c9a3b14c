// src/host/host.sh is what its sources build (ADR 0200), and building changes nothing the
// shell runs: bash's own parser prints the same program for the joined sources and the
// stripped text, and the same again after the identifiers are shortened; the joined
// sources and the built script answer every edge payload with the same bytes.
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_COMMAND_BYTES, capacityOf } from '../../../src/build/capacity.js';
import {
  BUILT_HEADER,
  HOST_SCRIPT_SOURCES,
  buildHostScript,
  joinSources,
  readHostScriptSources,
  shortenSources,
  sourcesOf,
  stripSources,
  type HostScriptSource,
} from '../../../src/build/host-script.js';
import {
  BUILT_SCRIPT,
  HEADER,
  REVERT_SCRIPT,
  TARGET,
  edgePayloads,
  payloadOf,
  runScript,
} from './script-run.js';

const SOURCES_DIR = pathToFileURL(join(process.cwd(), 'src/host/sh/'));
const sources = await readHostScriptSources(SOURCES_DIR);

/** The program as bash parses it: the script as a function body, printed back by bash. */
function parsed(script: string): string {
  return execFileSync(
    'bash',
    ['-c', 'eval "ehc_whole() {\n$1\n}" && declare -f ehc_whole', 'bash', script],
    { encoding: 'utf8' },
  );
}

/** The shortened sources, checked to parse as the stripped ones with every name replaced. */
function shortenedAsParsed(list: readonly HostScriptSource[]) {
  const stripped = stripSources(list).text;
  const shortened = shortenSources(list);
  const rename = (program: string) =>
    program.replace(/[A-Za-z_][A-Za-z0-9_]*/g, (word) => shortened.renames.get(word) ?? word);
  expect(parsed(shortened.text)).toBe(rename(parsed(stripped)));
  return shortened;
}

describe('the built host script', () => {
  it('is src/host/host.sh, checked in: a change to src/host/sh needs `make host-script`', () => {
    expect(BUILT_SCRIPT).toBe(buildHostScript(sources));
  });

  it('joins every file in src/host/sh, in the listed order', async () => {
    const present = (await readdir(SOURCES_DIR)).filter((name) => name.endsWith('.sh'));
    expect([...HOST_SCRIPT_SOURCES].sort()).toEqual(present.sort());
    expect(HOST_SCRIPT_SOURCES.at(-1)).toBe('main.sh');
  });

  it('stripped, is the same program as its sources, and smaller', () => {
    const joined = joinSources(sources);
    const stripped = stripSources(sources).text;
    expect(parsed(stripped)).toBe(parsed(joined));
    expect(stripped.length).toBeLessThan(joined.length * 0.7);
    expect(stripped).not.toMatch(/^[ \t]*#(?! shellcheck )/m);
  });

  it('shortened, is the same program with each renamed identifier replaced everywhere', () => {
    const { renames, text } = shortenedAsParsed(sources);
    expect(renames.size).toBeGreaterThan(100);
    expect(BUILT_SCRIPT).toBe(BUILT_HEADER + text);
  });

  it('answers every edge payload byte for byte as its joined sources do', async () => {
    const joined = joinSources(sources);
    const payloads = [
      ...edgePayloads(),
      { name: 'empty', payload: '' },
      { name: 'two targets', payload: payloadOf(HEADER, [TARGET, TARGET]) },
    ];
    for (const { name, payload } of payloads) {
      const [fromSources, built] = await Promise.all([
        runScript(payload, {}, joined),
        runScript(payload, {}, BUILT_SCRIPT),
      ]);
      expect({ name, ...built }).toEqual({ name, ...fromSources });
    }
  }, 120_000);

  it('passes shellcheck whole, without the per-file exceptions of its sources', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ehc-unit-shellcheck-'));
    try {
      await writeFile(join(dir, 'host.sh'), BUILT_SCRIPT);
      expect(
        execFileSync('shellcheck', ['-s', 'sh', join(dir, 'host.sh')], { encoding: 'utf8' }),
      ).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it(`carries at least 20 targets in a ${DEFAULT_COMMAND_BYTES}-byte command (10 before ADR 0200)`, () => {
    expect(capacityOf(BUILT_SCRIPT).targetsPerCommand).toBeGreaterThanOrEqual(20);
  });
});

describe("the revert's build (ADR 0223)", () => {
  const full = () => BUILT_SCRIPT;
  const revertSources = sourcesOf(sources, 'revert');

  it('is src/host/host-revert.sh, checked in, built from every source but inject and status', () => {
    expect(REVERT_SCRIPT).toBe(buildHostScript(sources, 'revert'));
    expect(revertSources.map((source) => source.name)).toEqual(
      HOST_SCRIPT_SOURCES.filter((name) => name !== 'inject.sh' && name !== 'status.sh'),
    );
    expect(REVERT_SCRIPT).toContain("SCRIPT_MODES='revert'");
    expect(full()).toContain("SCRIPT_MODES='inject revert status'");
  });

  it('stripped and shortened, is the same program as its sources', () => {
    expect(parsed(stripSources(revertSources).text)).toBe(parsed(joinSources(revertSources)));
    expect(shortenedAsParsed(revertSources).renames.size).toBeGreaterThan(80);
  });

  it('answers a revert payload as the full build does, and refuses the other modes by name', async () => {
    // A revert writes its tombstone before it looks for docker: a state dir of the test's own.
    const dir = await mkdtemp(join(tmpdir(), 'ehc-unit-revert-'));
    const env = { ECS_HTTP_CHAOS_STATE_DIR: join(dir, 'state') };
    try {
      const revert = payloadOf(['ehc2', 'revert', ...HEADER.slice(2)], [TARGET, TARGET]);
      const fromFull = await runScript(revert, env, full());
      await rm(env.ECS_HTTP_CHAOS_STATE_DIR, { recursive: true, force: true });
      const fromRevert = await runScript(revert, env, REVERT_SCRIPT);
      expect(fromRevert).toEqual(fromFull);
      expect(fromRevert.stdout).toMatch(/"event":"summary".*"mode":"revert"/);
      for (const mode of ['inject', 'status']) {
        const payload = payloadOf(['ehc2', mode, ...HEADER.slice(2)], [TARGET]);
        const refused = await runScript(payload, env, REVERT_SCRIPT);
        expect(refused.code).toBe(2);
        expect(refused.stdout).toContain(
          `payload rejected, nothing was done: mode ${mode}: this build of the host script runs revert only`,
        );
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('passes shellcheck whole, but for the fields it reads and leaves to the inject (SC2034)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ehc-unit-shellcheck-'));
    try {
      await writeFile(join(dir, 'host-revert.sh'), REVERT_SCRIPT);
      const args = ['-s', 'sh', '-e', 'SC2034', join(dir, 'host-revert.sh')];
      expect(execFileSync('shellcheck', args, { encoding: 'utf8' })).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('carries at least 1.8 times the targets of the full build in a command', () => {
    const fullTargets = capacityOf(full()).targetsPerCommand;
    expect(capacityOf(REVERT_SCRIPT).targetsPerCommand).toBeGreaterThanOrEqual(fullTargets * 1.8);
  });

  it('refuses settings.sh without its one SCRIPT_MODES line', () => {
    const broken = sources.map((source) =>
      source.name === 'settings.sh'
        ? { ...source, text: source.text.replace(/^SCRIPT_MODES=.*\n/m, '') }
        : source,
    );
    expect(() => buildHostScript(broken, 'revert')).toThrow(
      /SCRIPT_MODES='inject revert status' exactly once/,
    );
  });
});

describe('building refuses sources it cannot vouch for', () => {
  it('a source without its shellcheck directive, or missing from the list', async () => {
    const broken = sources.map((source) =>
      source.name === 'main.sh' ? { ...source, text: source.text.replace(/^.*\n/, '') } : source,
    );
    expect(() => buildHostScript(broken)).toThrow(
      /src\/host\/sh\/main\.sh, line 1: the first line/,
    );
    const dir = await mkdtemp(join(tmpdir(), 'ehc-unit-sources-'));
    try {
      await writeFile(join(dir, 'extra.sh'), '');
      await expect(readHostScriptSources(pathToFileURL(`${dir}/`))).rejects.toThrow(
        /HOST_SCRIPT_SOURCES .* lists/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
