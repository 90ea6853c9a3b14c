import { LITMUS_NAMES, SEED_NAMES, SPECS, type SpecName } from './spec.js';

export interface TunableRow {
  readonly name: SpecName;
  /** As it would be written in a manifest: "" when the variable has no default. */
  readonly default: string;
  readonly required: boolean;
  readonly description: string;
  readonly example: string;
  /** seed: the fault's public page; litmus: set by the chaos runner; executor: ours. */
  readonly origin: 'seed' | 'litmus' | 'executor';
}

/**
 * The one source of truth for the env names and defaults that the chart, the manifests
 * and the README repeat (test/integration/ship/consistency.test.ts checks them against this
 * table).
 */
export function tunableTable(): readonly TunableRow[] {
  return (Object.keys(SPECS) as SpecName[]).map((name) => {
    const spec = SPECS[name] as {
      readonly default?: string | number | boolean;
      readonly desc?: string;
      readonly example?: string;
    };
    const required = !('default' in spec);
    return {
      name,
      default: spec.default === undefined ? '' : String(spec.default),
      required,
      description: spec.desc ?? '',
      example: spec.example ?? '',
      origin: SEED_NAMES.includes(name)
        ? 'seed'
        : LITMUS_NAMES.includes(name)
          ? 'litmus'
          : 'executor',
    };
  });
}
