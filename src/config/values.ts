import type { CleanedEnv, CleanedEnvAccessors } from 'envalid';
import type { SpecName, SPECS } from './spec.js';

/** Every tunable after envalid parsed it; optional ones may be undefined. */
export type ConfigValues = Omit<CleanedEnv<typeof SPECS>, keyof CleanedEnvAccessors>;

/** Only the values that passed their own rule (cross-checks look at these). */
export type ValidValues = Partial<ConfigValues>;

/** The raw strings as set (empty counts as unset). */
export type RawValues = Readonly<Partial<Record<SpecName, string>>>;
