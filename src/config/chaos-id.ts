import { createHash } from 'node:crypto';
import type { Random } from '../core/clock.js';
import { draw } from '../core/clock.js';

/**
 * The chaos id names every artefact on the hosts (ADR 0003) and must match
 * [a-z0-9-]{1,64} (ADR 0002). Serial steps and oversized batches get suffixes such as
 * `-s12` or `-s12-p2` (ADR 0052), so the base keeps 12 characters free.
 */
export const CHAOS_ID_BASE_MAX = 52;
const GENERATED_PREFIX = 'ehc-';
const GENERATED_LENGTH = 16;
/** Per run: the host's revert tombstone of one run must not refuse the next (ADR 0120). */
const RUN_SUFFIX_LENGTH = 8;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * From CHAOS_UID when Litmus set one (lower-cased) plus a random run suffix, since every
 * run of one ChaosEngine carries the same CHAOS_UID; else `ehc-` and random characters.
 */
export function deriveChaosId(chaosUid: string | undefined, random: Random): string {
  if (chaosUid === undefined) return GENERATED_PREFIX + drawn(random, GENERATED_LENGTH);
  const base = fromUid(chaosUid, CHAOS_ID_BASE_MAX - RUN_SUFFIX_LENGTH - 1);
  return `${base}-${drawn(random, RUN_SUFFIX_LENGTH)}`;
}

function drawn(random: Random, length: number): string {
  let text = '';
  for (let i = 0; i < length; i += 1) text += ALPHABET.charAt(draw(random, ALPHABET.length));
  return text;
}

function fromUid(uid: string, max: number): string {
  const lower = uid.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  if (lower.length <= max) return lower;
  // Keep it recognisable and unique: a prefix plus a hash of the whole UID.
  const hash = createHash('sha256').update(uid).digest('hex').slice(0, 12);
  return `${lower.slice(0, max - 13)}-${hash}`;
}
