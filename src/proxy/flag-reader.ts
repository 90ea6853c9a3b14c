/** What a subcommand accepts: each flag takes a value unless it is a switch. */
export type FlagSpec = Readonly<Record<string, { readonly switch?: true }>>;

export interface ReadFlags {
  readonly values: ReadonlyMap<string, string>;
  readonly switches: ReadonlySet<string>;
  readonly errors: readonly string[];
}

interface Accumulator {
  readonly values: Map<string, string>;
  readonly switches: Set<string>;
  readonly errors: string[];
}

/**
 * Reads `--name value`, `--name=value` and `--switch`. Unknown flags, repeated flags,
 * missing values and stray words are errors, all reported at once.
 */
export function readFlags(args: readonly string[], spec: FlagSpec): ReadFlags {
  const acc: Accumulator = { values: new Map(), switches: new Set(), errors: [] };
  for (let i = 0; i < args.length; i += 1) {
    i += readOne(args, i, spec, acc);
  }
  return acc;
}

/** Reads the flag at `args[i]`; returns how many following arguments it consumed. */
function readOne(args: readonly string[], i: number, spec: FlagSpec, acc: Accumulator): number {
  const arg = args[i] ?? '';
  const match = /^--([a-z0-9-]+)(?:=(.*))?$/s.exec(arg);
  const name = match?.[1] ?? '';
  const definition = spec[name];
  if (match === null || definition === undefined) {
    acc.errors.push(`unexpected argument '${arg}': known flags are ${known(spec)}`);
    return 0;
  }
  if (acc.values.has(name) || acc.switches.has(name)) {
    acc.errors.push(`flag --${name} is given more than once: give it once`);
  }
  const inline = match[2];
  if (definition.switch === true) return readSwitch(name, inline, acc);
  return readValue(name, inline ?? args[i + 1], inline === undefined, acc);
}

function readValue(
  name: string,
  value: string | undefined,
  separate: boolean,
  acc: Accumulator,
): number {
  if (value === undefined || (separate && value.startsWith('--'))) {
    acc.errors.push(`flag --${name} needs a value (example: --${name}=VALUE)`);
    return 0;
  }
  acc.values.set(name, value);
  return separate ? 1 : 0;
}

function readSwitch(name: string, inline: string | undefined, acc: Accumulator): number {
  if (inline !== undefined) acc.errors.push(`flag --${name} takes no value (example: --${name})`);
  acc.switches.add(name);
  return 0;
}

function known(spec: FlagSpec): string {
  return Object.keys(spec)
    .map((name) => `--${name}`)
    .join(', ');
}

/** "invalid --flag 'value': rule (example: --flag 8080)" — the one shape of a flag error. */
export function flagError(
  name: string,
  value: string | undefined,
  rule: string,
  example: string,
): string {
  const head = value === undefined ? `missing --${name}` : `invalid --${name} '${value}'`;
  return `${head}: ${rule} (example: --${name} ${example})`;
}

export interface IntegerRule {
  readonly min: number;
  readonly max: number;
  readonly example: string;
}

/** A plain decimal integer in range; no signs, exponents or blanks. */
export function integerFlag(
  flags: ReadFlags,
  name: string,
  rule: IntegerRule,
  errors: string[],
): number | undefined {
  const value = flags.values.get(name);
  if (value === undefined) return undefined;
  const parsed = /^\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isNaN(parsed) || parsed < rule.min || parsed > rule.max) {
    errors.push(
      flagError(
        name,
        value,
        `must be a whole number from ${rule.min} to ${rule.max}`,
        rule.example,
      ),
    );
    return undefined;
  }
  return parsed;
}
