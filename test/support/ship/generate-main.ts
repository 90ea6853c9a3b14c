// `make generate`: writes values.schema.json first (helm validates the renders with it),
// then the golden outputs, the plain manifests and the ChaosHub entry.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { repositoryRoot } from '../../../sandbox/kube/paths.js';
import { hubFiles } from './chaoshub.js';
import { goldenFiles, plainFiles, schemaFile, type GeneratedFile } from './generated.js';

async function write(files: readonly GeneratedFile[]): Promise<void> {
  for (const file of files) {
    const target = join(repositoryRoot(), file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
    process.stderr.write(`wrote ${file.path}\n`);
  }
}

await write([await schemaFile()]);
await write([...(await goldenFiles()), ...(await plainFiles()), ...(await hubFiles())]);
