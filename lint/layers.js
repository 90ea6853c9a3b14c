// A local eslint rule that keeps src/ layered (ADR 0210): a folder imports only its own
// layer or the layers below it, and no import cycle joins folders. One small rule instead
// of a plugin: the folder graph is read once per lint run with TypeScript's import
// scanner (no type information, no module resolution), so it adds well under a second.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const posix = (p) => p.split(path.sep).join('/');

/** The unit a file belongs to: the longest listed folder containing it, else its top folder. */
export function unitOf(relative, units) {
  const parts = posix(relative).split('/').slice(0, -1);
  for (let depth = parts.length; depth > 0; depth -= 1) {
    const candidate = parts.slice(0, depth).join('/');
    if (units.has(candidate)) return candidate;
  }
  return parts[0] ?? '.';
}

function sourceFiles(root) {
  return fs
    .readdirSync(root, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => path.join(root, name));
}

/** Relative import targets of one file, as paths relative to root (outside root: skipped). */
function importsOf(root, file, text) {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((entry) => entry.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => path.relative(root, path.resolve(path.dirname(file), spec)))
    .filter((target) => !target.startsWith('..'));
}

/** unit → unit → files importing across: the folder-level import graph of root. */
export function folderGraph(root, units) {
  const graph = new Map();
  for (const file of sourceFiles(root)) {
    const from = unitOf(path.relative(root, file), units);
    if (!graph.has(from)) graph.set(from, new Map());
    for (const target of importsOf(root, file, fs.readFileSync(file, 'utf8'))) {
      const to = unitOf(target, units);
      if (to === from) continue;
      const edges = graph.get(from);
      edges.set(to, [...(edges.get(to) ?? []), posix(path.relative(root, file))]);
      if (!graph.has(to)) graph.set(to, new Map());
    }
  }
  return graph;
}

/** Strongly connected components with more than one unit (Tarjan): the import cycles. */
export function cyclesOf(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const cycles = [];
  const visit = (unit) => {
    index.set(unit, index.size);
    low.set(unit, index.get(unit));
    stack.push(unit);
    for (const next of graph.get(unit)?.keys() ?? []) {
      if (!index.has(next)) visit(next);
      if (stack.includes(next)) low.set(unit, Math.min(low.get(unit), low.get(next)));
    }
    if (low.get(unit) !== index.get(unit)) return;
    const members = stack.splice(stack.indexOf(unit));
    if (members.length > 1) cycles.push(members.sort());
  };
  for (const unit of graph.keys()) if (!index.has(unit)) visit(unit);
  return cycles;
}

const cache = new Map();

function cycleIndex(root, units) {
  if (!cache.has(root)) {
    const byUnit = new Map();
    for (const cycle of cyclesOf(folderGraph(root, units))) {
      for (const unit of cycle) byUnit.set(unit, cycle);
    }
    cache.set(root, byUnit);
  }
  return cache.get(root);
}

function checker(context, options) {
  const root = path.resolve(context.cwd, options.root);
  const layerOf = new Map();
  options.layers.forEach((layer, rank) => {
    for (const unit of layer.units) layerOf.set(unit, { rank, name: layer.name });
  });
  const units = new Set(layerOf.keys());
  const name = (unit) => `${options.root}/${unit}`;
  const fromUnit = unitOf(path.relative(root, context.filename), units);
  return (source) => {
    const spec = source.value;
    if (typeof spec !== 'string' || !spec.startsWith('.')) return;
    const target = path.relative(root, path.resolve(path.dirname(context.filename), spec));
    const toUnit = unitOf(target, units);
    if (target.startsWith('..') || toUnit === fromUnit) return;
    const unlisted = [fromUnit, toUnit].find((unit) => !layerOf.has(unit));
    if (unlisted !== undefined) {
      context.report({ node: source, messageId: 'unlisted', data: { unit: name(unlisted) } });
      return;
    }
    const from = layerOf.get(fromUnit);
    const to = layerOf.get(toUnit);
    if (to.rank < from.rank) {
      const data = {
        from: name(fromUnit),
        fromLayer: from.name,
        to: name(toUnit),
        toLayer: to.name,
      };
      context.report({ node: source, messageId: 'upward', data });
    }
    const cycle = cycleIndex(root, units).get(fromUnit);
    if (cycle?.includes(toUnit)) {
      const members = cycle.map(name).join(', ');
      context.report({
        node: source,
        messageId: 'cycle',
        data: { from: name(fromUnit), to: name(toUnit), members },
      });
    }
  };
}

const rule = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Folders of src/ import only their own layer or lower ones, without cycles.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          layers: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                name: { type: 'string' },
                units: { type: 'array', items: { type: 'string' } },
              },
              required: ['name', 'units'],
              additionalProperties: false,
            },
          },
        },
        required: ['root', 'layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      upward:
        'Layer violation: {{from}} (layer "{{fromLayer}}") imports {{to}} (layer "{{toLayer}}", higher). Move what both need down a layer (ADR 0210).',
      cycle:
        'Import cycle among src/ folders: {{from}} → {{to}} closes a cycle through {{members}}. Move the shared part to a lower folder (ADR 0210).',
      unlisted: '{{unit}} is in no layer: add it to LAYERS in lint/layers-order.js (ADR 0210).',
    },
  },
  create(context) {
    const check = checker(context, context.options[0]);
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => node.source && check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source),
    };
  },
};

export const layersPlugin = { meta: { name: 'ehc-layers' }, rules: { layers: rule } };
