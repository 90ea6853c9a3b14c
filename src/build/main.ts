/**
 * `node dist/build/main.js [--check | --names]`: builds src/host/host.sh and
 * src/host/host-revert.sh (ADR 0223) from src/host/sh. --check writes nothing and fails
 * when a checked-in build is not what its sources build (make build, the image build);
 * --names prints each short name of the full build beside the name in the sources (for
 * reading a trace of it on a host); without either the builds are rewritten
 * (make host-script). Paths are found from this
 * module: dist/ or .build/ beside src/.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { HOST_SCRIPT_FILES, type HostScripts } from '../host/scripts.js';
import { DEFAULT_COMMAND_BYTES, capacityOf } from './capacity.js';
import {
  buildHostScript,
  readHostScriptSources,
  shortenSources,
  type HostScriptSource,
} from './host-script.js';
import { messageOf } from '../core/message.js';

const ROOT = new URL('../../', import.meta.url);
const SOURCES = new URL('src/host/sh/', ROOT);
const BUILDS = Object.keys(HOST_SCRIPT_FILES) as (keyof HostScripts)[];

async function main(args: readonly string[]): Promise<number> {
  const sources = await readHostScriptSources(SOURCES);
  if (args.includes('--names')) {
    const names = [...shortenSources(sources).renames].map(
      ([long, short]) => `${short}\t${long}\n`,
    );
    process.stdout.write(names.join(''));
    return 0;
  }
  let code = 0;
  for (const build of BUILDS) code = Math.max(code, await buildOne(sources, build, args));
  return code;
}

/** One build, checked or written. */
async function buildOne(
  sources: readonly HostScriptSource[],
  build: keyof HostScripts,
  args: readonly string[],
): Promise<number> {
  const file = `src/host/${HOST_SCRIPT_FILES[build]}`;
  const built = buildHostScript(sources, build);
  const path = new URL(file, ROOT);
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current === built) return 0;
  if (args.includes('--check')) {
    process.stderr.write(
      `host-script: ${file} is not what src/host/sh/*.sh build: run \`make host-script\` and commit it\n`,
    );
    return 1;
  }
  await writeFile(path, built);
  const { scriptBytes, targetsPerCommand } = capacityOf(built);
  process.stderr.write(
    `host-script: wrote ${file}: ${Buffer.byteLength(built)} bytes, ${scriptBytes} in a command; ${targetsPerCommand} targets per ${DEFAULT_COMMAND_BYTES}-byte command\n`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`host-script: ${messageOf(error)}\n`);
    process.exitCode = 1;
  },
);
