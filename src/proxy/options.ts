import { CHAOS_ID, isInterfaceName } from '../config/patterns.js';
import {
  flagError,
  integerFlag,
  readFlags,
  type FlagSpec,
  type IntegerRule,
  type ReadFlags,
} from './flag-reader.js';

export const PROXY_FLAGS: FlagSpec = {
  id: {},
  'target-port': {},
  'proxy-port': {},
  'reset-timeout-ms': {},
  interface: {},
  'duration-s': {},
  until: {},
  toxicity: {},
  'drain-s': {},
  mechanism: {},
};

export const PROXY_USAGE =
  'usage: ecs-http-chaos proxy --id ID --target-port N --proxy-port N --reset-timeout-ms N ' +
  '[--interface auto|NAME] (--duration-s N | --until EPOCH_MS) [--toxicity 0-100] [--drain-s N] ' +
  '[--mechanism auto|destroy|relay]';

/** `auto`: destroy where the namespace supports it, else relay (docs/decisions/0131). */
export type MechanismChoice = 'auto' | 'destroy' | 'relay';
const MECHANISMS: readonly MechanismChoice[] = ['auto', 'destroy', 'relay'];

export type Deadline =
  | { readonly kind: 'duration'; readonly seconds: number }
  | { readonly kind: 'until'; readonly epochMs: number };

export interface ProxyOptions {
  readonly id: string;
  readonly targetPort: number;
  readonly proxyPort: number;
  readonly resetTimeoutMs: number;
  /** `auto`: the interface of the namespace's default route. */
  readonly interface: string;
  readonly deadline: Deadline;
  readonly toxicity: number;
  readonly drainS: number;
  readonly mechanism: MechanismChoice;
}

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly string[] };

const PORT = { min: 1, max: 65535 } as const;
const MAX_RESET_TIMEOUT_MS = 86_400_000;
const MAX_DURATION_S = 2_592_000;
/** xt_time stores dates as 32-bit seconds: nothing after 2038-01-19 can be expressed. */
const LATEST_DEADLINE_MS = 2_147_483_647_000;

type Draft = { [K in keyof ProxyOptions]: ProxyOptions[K] | undefined };

/** Every flag is checked and every problem reported at once, before anything is touched. */
export function parseProxyOptions(args: readonly string[]): Parsed<ProxyOptions> {
  const flags = readFlags(args, PROXY_FLAGS);
  const errors = [...flags.errors];
  const draft: Draft = {
    id: chaosId(flags, errors),
    targetPort: required(flags, 'target-port', { ...PORT, example: '8080' }, errors),
    proxyPort: required(flags, 'proxy-port', { ...PORT, example: '20000' }, errors),
    resetTimeoutMs: required(
      flags,
      'reset-timeout-ms',
      { min: 0, max: MAX_RESET_TIMEOUT_MS, example: '2000' },
      errors,
    ),
    interface: interfaceFlag(flags, errors),
    deadline: readDeadline(flags, errors),
    toxicity: integerFlag(flags, 'toxicity', { min: 0, max: 100, example: '50' }, errors) ?? 100,
    drainS: integerFlag(flags, 'drain-s', { min: 0, max: 60, example: '5' }, errors) ?? 5,
    mechanism: mechanismFlag(flags, errors),
  };
  crossCheck(draft, errors);
  if (errors.length > 0 || Object.values(draft).includes(undefined)) return { ok: false, errors };
  return { ok: true, value: draft as ProxyOptions };
}

function mechanismFlag(flags: ReadFlags, errors: string[]): MechanismChoice {
  const value = flags.values.get('mechanism') ?? 'auto';
  const known = MECHANISMS.find((m) => m === value);
  if (known !== undefined) return known;
  errors.push(flagError('mechanism', value, `must be one of ${MECHANISMS.join(', ')}`, 'relay'));
  return 'auto';
}

function interfaceFlag(flags: ReadFlags, errors: string[]): string {
  const iface = flags.values.get('interface') ?? 'auto';
  if (iface !== 'auto' && !isInterfaceName(iface)) {
    const rule =
      "must be 'auto' or an interface name of 1-15 letters, digits, '_', '.', '-' (not . or ..)";
    errors.push(flagError('interface', iface, rule, 'eth0'));
  }
  return iface;
}

/** Rules between flags: distinct ports, and a reset that can happen inside the window. */
function crossCheck(draft: Draft, errors: string[]): void {
  const { targetPort, proxyPort, resetTimeoutMs, deadline } = draft;
  if (targetPort !== undefined && targetPort === proxyPort) {
    errors.push(
      flagError('proxy-port', String(proxyPort), 'must differ from --target-port', '20000'),
    );
  }
  if (deadline?.kind !== 'duration' || resetTimeoutMs === undefined) return;
  const windowMs = deadline.seconds * 1000;
  if (resetTimeoutMs >= windowMs) {
    const rule = `must be shorter than the window (--duration-s ${deadline.seconds} = ${windowMs} ms), else nothing could ever be reset`;
    errors.push(flagError('reset-timeout-ms', String(resetTimeoutMs), rule, '2000'));
  }
}

export function chaosId(flags: ReadFlags, errors: string[]): string | undefined {
  const id = flags.values.get('id');
  if (id !== undefined && CHAOS_ID.test(id)) return id;
  errors.push(flagError('id', id, 'must be 1-64 characters of a-z, 0-9 and -', 'exp-7f3a'));
  return undefined;
}

function required(
  flags: ReadFlags,
  name: string,
  rule: IntegerRule,
  errors: string[],
): number | undefined {
  if (!flags.values.has(name)) {
    const text = `required, a whole number from ${rule.min} to ${rule.max}`;
    errors.push(flagError(name, undefined, text, rule.example));
    return undefined;
  }
  return integerFlag(flags, name, rule, errors);
}

function readDeadline(flags: ReadFlags, errors: string[]): Deadline | undefined {
  const hasDuration = flags.values.has('duration-s');
  const hasUntil = flags.values.has('until');
  if (hasDuration === hasUntil) {
    const value = hasDuration
      ? `${flags.values.get('duration-s') ?? ''}' and --until '${flags.values.get('until') ?? ''}`
      : undefined;
    errors.push(
      flagError(
        'duration-s',
        value,
        'give exactly one of --duration-s (seconds from now) and --until (UTC epoch milliseconds)',
        '60',
      ),
    );
    return undefined;
  }
  if (hasDuration) {
    const seconds = integerFlag(
      flags,
      'duration-s',
      { min: 1, max: MAX_DURATION_S, example: '60' },
      errors,
    );
    return seconds === undefined ? undefined : { kind: 'duration', seconds };
  }
  const until = flags.values.get('until') ?? '';
  if (!/^\d{13}$/.test(until) || Number(until) > LATEST_DEADLINE_MS) {
    errors.push(
      flagError(
        'until',
        until,
        'must be UTC epoch milliseconds (13 digits) before 2038-01-19',
        '1767225600000',
      ),
    );
    return undefined;
  }
  return { kind: 'until', epochMs: Number(until) };
}
