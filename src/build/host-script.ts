/**
 * The host script that SSM sends (src/host/host.sh) is built from the readable sources
 * in src/host/sh: joined in a fixed order, each stripped of comments, blank lines and
 * indentation (strip.ts). Built by `make host-script`; `make build` and the image build
 * refuse a src/host/host.sh that differs from what its sources build (ADR 0200).
 */
import { readdir, readFile } from 'node:fs/promises';
import { HOST_SCRIPT_MODES, type HostScripts } from '../host/scripts.js';
import { HostScriptBuildError } from './errors.js';
import { shortenIdentifiers, type Shortened } from './rename.js';
import type { StrippedShell } from './shell-text.js';
import { stripShellWithKinds } from './strip.js';

/** In join order: settings first, main (the only top-level call) last. */
export const HOST_SCRIPT_SOURCES = [
  'settings.sh',
  'output.sh',
  'docker.sh',
  'fields.sh',
  'payload.sh',
  'lock.sh',
  'namespace.sh',
  'inject.sh',
  'reaper.sh',
  'revert.sh',
  'status.sh',
  'main.sh',
] as const;

/**
 * Each source's first line. Shellcheck reads every source alone, where the variables set
 * in one file and read in another look unset or unused; the built script is checked
 * whole, without these two exceptions.
 */
export const SOURCE_DIRECTIVE = '# shellcheck shell=sh disable=SC2034,SC2154';

export const BUILT_HEADER =
  '# shellcheck shell=sh # ecs-http-chaos host script, built from src/host/sh by make host-script\n';

export type SourceName = (typeof HOST_SCRIPT_SOURCES)[number];

/** Which sources a build leaves out: those only the modes it does not run need. */
export const OMITTED_SOURCES: Readonly<Record<keyof HostScripts, readonly SourceName[]>> = {
  full: [],
  revert: ['inject.sh', 'status.sh'],
};

/** settings.sh's line naming the modes, as the full build keeps it. */
const MODES_LINE = `SCRIPT_MODES='${HOST_SCRIPT_MODES.full.join(' ')}'\n`;

export interface HostScriptSource {
  readonly name: string;
  readonly text: string;
}

/** The sources as one script, before stripping: what the built script must equal. */
export function joinSources(sources: readonly HostScriptSource[]): string {
  return sources.map(body).join('');
}

/** The sources stripped, identifiers as written. */
export function stripSources(sources: readonly HostScriptSource[]): StrippedShell {
  const parts = sources.map(strippedBody);
  return {
    text: parts.map((part) => part.text).join(''),
    kinds: parts.map((part) => part.kinds).join(''),
  };
}

/** The stripped sources with their identifiers shortened (rename.ts), and the names. */
export function shortenSources(sources: readonly HostScriptSource[]): Shortened {
  return shortenIdentifiers(stripSources(sources));
}

/** The script as it is sent; the full build unless another is named. */
export function buildHostScript(
  sources: readonly HostScriptSource[],
  build: keyof HostScripts = 'full',
): string {
  return headerOf(build) + shortenSources(sourcesOf(sources, build)).text;
}

export function headerOf(build: keyof HostScripts): string {
  if (build === 'full') return BUILT_HEADER;
  return BUILT_HEADER.replace('host script,', `host script (${build} only),`);
}

/** The sources of one build: those it omits left out, its own modes in settings.sh. */
export function sourcesOf(
  sources: readonly HostScriptSource[],
  build: keyof HostScripts,
): HostScriptSource[] {
  const kept = sources.filter((source) => !OMITTED_SOURCES[build].some((n) => n === source.name));
  return kept.map((source) => {
    if (source.name !== 'settings.sh') return source;
    if (source.text.split(MODES_LINE).length !== 2) {
      throw new HostScriptBuildError(
        'src/host/sh/settings.sh',
        `it must hold the line ${MODES_LINE.trim()} exactly once (the build rewrites it per build)`,
      );
    }
    const modes = `SCRIPT_MODES='${HOST_SCRIPT_MODES[build].join(' ')}'\n`;
    return { ...source, text: source.text.replace(MODES_LINE, modes) };
  });
}

function body(source: HostScriptSource): string {
  const newline = source.text.indexOf('\n');
  if (source.text.slice(0, newline) !== SOURCE_DIRECTIVE) {
    throw new HostScriptBuildError(
      `src/host/sh/${source.name}, line 1`,
      `the first line must be '${SOURCE_DIRECTIVE}'`,
    );
  }
  if (!source.text.endsWith('\n')) {
    throw new HostScriptBuildError(
      `src/host/sh/${source.name}`,
      'the file must end with a newline',
    );
  }
  return source.text.slice(newline + 1);
}

/** Line numbers in errors count the directive line, which body() removed. */
function strippedBody(source: HostScriptSource): StrippedShell {
  return stripShellWithKinds(body(source), `src/host/sh/${source.name}`, 2);
}

/** The sources from their folder, exactly those HOST_SCRIPT_SOURCES lists. */
export async function readHostScriptSources(folder: URL): Promise<HostScriptSource[]> {
  const present = (await readdir(folder)).filter((name) => name.endsWith('.sh')).sort();
  const listed = [...HOST_SCRIPT_SOURCES].sort();
  if (present.join() !== listed.join()) {
    throw new HostScriptBuildError(
      'src/host/sh',
      `the folder holds ${present.join(', ')}; HOST_SCRIPT_SOURCES in src/build/host-script.ts lists ${listed.join(', ')}`,
    );
  }
  return Promise.all(
    HOST_SCRIPT_SOURCES.map(async (name) => ({
      name,
      text: await readFile(new URL(name, folder), 'utf8'),
    })),
  );
}
