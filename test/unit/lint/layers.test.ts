import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { cyclesOf, folderGraph, layersPlugin } from '../../../lint/layers.js';
import { LAYERS } from '../../../lint/layers-order.js';

// The layers rule of ADR 0210, run through the real ESLint API: on fixtures that break it
// on purpose (test/fixtures/layers/src) and on the real src/ with the real layer order.

const repo = path.resolve(import.meta.dirname, '../../..');
const fixtures = path.join(repo, 'test/fixtures/layers');

const FIXTURE_LAYERS = [
  { name: 'upper', units: ['top'] },
  { name: 'middle', units: ['low', 'side', 'peer'] },
  { name: 'bottom', units: ['base'] },
];

type Layers = readonly { readonly name: string; readonly units: readonly string[] }[];

function config(layers: Layers): Linter.Config[] {
  return [
    {
      files: ['src/**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { ehc: layersPlugin },
      rules: { 'ehc/layers': ['error', { root: 'src', layers }] },
    },
  ];
}

/** file → this rule's messages (the tree's disable comments name rules not loaded here). */
async function lint(cwd: string, layers: Layers): Promise<Map<string, string[]>> {
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: config(layers) });
  const results = await eslint.lintFiles(['src/**/*.ts']);
  return new Map(
    results.map((result) => [
      path.relative(cwd, result.filePath),
      result.messages
        .filter((message) => message.ruleId === 'ehc/layers')
        .map((message) => `${String(message.ruleId)}: ${message.message}`),
    ]),
  );
}

describe('the layers lint rule on deliberate violations', () => {
  it('refuses an upward import, naming both folders and their layers', async () => {
    const messages = await lint(fixtures, FIXTURE_LAYERS);
    expect(messages.get('src/low/low.ts')).toEqual([
      'ehc/layers: Layer violation: src/low (layer "middle") imports src/top (layer "upper", higher). Move what both need down a layer (ADR 0210).',
    ]);
  });

  it('refuses both imports of a cycle between two folders of one layer', async () => {
    const messages = await lint(fixtures, FIXTURE_LAYERS);
    expect(messages.get('src/side/side.ts')).toEqual([
      'ehc/layers: Import cycle among src/ folders: src/side → src/peer closes a cycle through src/peer, src/side. Move the shared part to a lower folder (ADR 0210).',
    ]);
    expect(messages.get('src/peer/peer.ts')).toEqual([
      expect.stringContaining('Import cycle among src/ folders: src/peer → src/side'),
    ]);
  });

  it('refuses a folder no layer names, and lets a downward import pass', async () => {
    const messages = await lint(fixtures, FIXTURE_LAYERS);
    expect(messages.get('src/stray/stray.ts')).toEqual([
      'ehc/layers: src/stray is in no layer: add it to LAYERS in lint/layers-order.js (ADR 0210).',
    ]);
    expect(messages.get('src/top/top.ts')).toEqual([]);
    expect(messages.get('src/base/base.ts')).toEqual([]);
  });
});

describe('the real src/ tree', () => {
  it('has no folder-level import cycle', () => {
    const units = new Set(LAYERS.flatMap((layer) => layer.units));
    expect(cyclesOf(folderGraph(path.join(repo, 'src'), units))).toEqual([]);
    expect(cyclesOf(folderGraph(path.join(fixtures, 'src'), new Set()))).toEqual([
      ['peer', 'side'],
    ]);
  });

  it('passes the rule with the real layer order', async () => {
    const messages = await lint(repo, LAYERS);
    expect(messages.size).toBeGreaterThan(100);
    expect([...messages].filter(([, found]) => found.length > 0)).toEqual([]);
  });

  it('is switched on for src/ by eslint.config.js, which make lint runs', async () => {
    const eslint = new ESLint({ cwd: repo });
    const active = (await eslint.calculateConfigForFile('src/run/run.ts')) as Linter.Config;
    expect(active.rules?.['ehc/layers']).toEqual([2, { root: 'src', layers: LAYERS }]);
  });
});
