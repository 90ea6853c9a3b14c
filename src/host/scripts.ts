/**
 * The host script comes in two builds of the same sources (ADR 0223): host.sh runs every
 * mode and is the image's copy (the reaper's); host-revert.sh runs the revert only and,
 * without the inject's and the status's code, carries about twice the targets in one
 * SendCommand, so the revert after the window needs half the commands.
 */
import type { PayloadMode } from './payload.js';

export interface HostScripts {
  /** host.sh: inject, revert, status. */
  readonly full: string;
  /** host-revert.sh: revert only. */
  readonly revert: string;
}

/** Both builds, beside the compiled code (scripts/copy-assets.sh) and in src/host/. */
export const HOST_SCRIPT_FILES: Readonly<Record<keyof HostScripts, string>> = {
  full: 'host.sh',
  revert: 'host-revert.sh',
};

/** The modes each build runs: what its SCRIPT_MODES line says. */
export const HOST_SCRIPT_MODES: Readonly<Record<keyof HostScripts, readonly PayloadMode[]>> = {
  full: ['inject', 'revert', 'status'],
  revert: ['revert'],
};

/** The build a command of this mode carries: the smallest that runs it. */
export function buildFor(mode: PayloadMode): keyof HostScripts {
  return mode === 'revert' ? 'revert' : 'full';
}

export function scriptFor(scripts: HostScripts, mode: PayloadMode): string {
  return scripts[buildFor(mode)];
}
