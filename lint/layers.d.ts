// Types for lint/layers.js, which eslint.config.js loads as plain JavaScript.
import type { ESLint } from 'eslint';

export function unitOf(relative: string, units: ReadonlySet<string>): string;
export function folderGraph(
  root: string,
  units: ReadonlySet<string>,
): Map<string, Map<string, string[]>>;
export function cyclesOf(graph: ReadonlyMap<string, ReadonlyMap<string, unknown>>): string[][];
export const layersPlugin: ESLint.Plugin;
