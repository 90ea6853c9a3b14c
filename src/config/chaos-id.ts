import { createHash } from 'node:crypto';
import type { Random } from '../experiment/ports.js';
import { draw } from '../experiment/system.js';

/**
 * The chaos id names every artefact on the hosts (ADR 0003) and must match
 * [a-z0-9-]{1,64} (ADR 0002). Serial steps and oversized batches get suffixes such as
 * `-s12` or `-s12-p2` (ADR 0052), so the base keeps 12 characters free.
 */
export const CHAOS_ID_BASE_MAX = 52;
const GENERATED_PREFIX = 'ehc-';
const GENERATED_LENGTH = 16;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** From CHAOS_UID when Litmus set one (a UUID: used as is, lower-cased), else random. */
export function deriveChaosId(chaosUid: string | undefined, random: Random): string {
  if (chaosUid !== undefined) return fromUid(chaosUid);
  let id = GENERATED_PREFIX;
  for (let i = 0; i < GENERATED_LENGTH; i += 1)
    id += ALPHABET.charAt(draw(random, ALPHABET.length));
  return id;
}

function fromUid(uid: string): string {
  const lower = uid.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  if (lower.length <= CHAOS_ID_BASE_MAX) return lower;
  // Keep it recognisable and unique: a prefix plus a hash of the whole UID.
  const hash = createHash('sha256').update(uid).digest('hex').slice(0, 12);
  return `${lower.slice(0, CHAOS_ID_BASE_MAX - 13)}-${hash}`;
}
