/**
 * `node dist/build/main.js [--check | --names]`: builds src/host/host.sh from
 * src/host/sh. --check writes nothing and fails when the checked-in script is not what its
 * sources build (make build, the image build); --names prints each short name of the
 * built script beside the name in the sources (for reading a trace of it on a host);
 * without either the script is rewritten (make host-script). Paths are found from this
 * module: dist/ or .build/ beside src/.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { DEFAULT_COMMAND_BYTES, capacityOf } from './capacity.js';
import { buildHostScript, readHostScriptSources, shortenSources } from './host-script.js';
import { messageOf } from '../core/message.js';

const ROOT = new URL('../../', import.meta.url);
const SOURCES = new URL('src/host/sh/', ROOT);
const BUILT = new URL('src/host/host.sh', ROOT);

async function main(args: readonly string[]): Promise<number> {
  const sources = await readHostScriptSources(SOURCES);
  if (args.includes('--names')) {
    const names = [...shortenSources(sources).renames].map(
      ([long, short]) => `${short}\t${long}\n`,
    );
    process.stdout.write(names.join(''));
    return 0;
  }
  const built = buildHostScript(sources);
  const current = await readFile(BUILT, 'utf8').catch(() => undefined);
  if (current === built) return 0;
  if (args.includes('--check')) {
    process.stderr.write(
      'host-script: src/host/host.sh is not what src/host/sh/*.sh build: run `make host-script` and commit both\n',
    );
    return 1;
  }
  await writeFile(BUILT, built);
  const { scriptBytes, targetsPerCommand } = capacityOf(built);
  process.stderr.write(
    `host-script: wrote src/host/host.sh: ${Buffer.byteLength(built)} bytes, ${scriptBytes} in a command; ${targetsPerCommand} targets per ${DEFAULT_COMMAND_BYTES}-byte command\n`,
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
