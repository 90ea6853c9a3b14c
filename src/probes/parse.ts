import { ChaosError, type Phase } from '../errors/index.js';
import { PROBE_MODES, PROBE_TYPES, type ProbeMode, type ProbeType } from '../result/types.js';
import { Fields, describe } from './fields.js';
import { INPUT_READERS } from './parse-inputs.js';
import type { ProbeDefinition, RunProperties } from './types.js';

const NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

/**
 * Every probe of a ChaosEngine experiment (`spec.probe`) or of PROBES_FILE, checked at
 * once. One ChaosError (CONFIG_INVALID, exit 2) lists every problem with its path; nothing
 * runs unless all probes are valid.
 */
export function parseProbes(list: unknown, source: string, phase: Phase): ProbeDefinition[] {
  if (list === undefined || list === null) return [];
  const problems: string[] = [];
  if (!Array.isArray(list)) {
    throw invalid(source, phase, [`probe: must be a list, got ${describe(list)}`]);
  }
  const probes: ProbeDefinition[] = [];
  const seen = new Set<string>();
  list.forEach((entry: unknown, index) => {
    const probe = parseOne(entry, index, problems);
    if (probe === undefined) return;
    if (seen.has(probe.name))
      problems.push(`probe[${index}] "${probe.name}": the name is used twice`);
    seen.add(probe.name);
    probes.push(probe);
  });
  if (problems.length > 0) throw invalid(source, phase, problems);
  return probes;
}

function parseOne(entry: unknown, index: number, problems: string[]): ProbeDefinition | undefined {
  const top = Fields.of(entry, `probe[${index}]`, problems);
  if (top === undefined) return undefined;
  const name = nameOf(top);
  const fields = new Fields(
    top.value,
    `probe[${index}]${name === undefined ? '' : ` "${name}"`}`,
    problems,
  );
  const type = fields.oneOf<ProbeType>('type', PROBE_TYPES);
  const mode = fields.oneOf<ProbeMode>('mode', PROBE_MODES);
  const run = fields.child('runProperties');
  const runProperties = run === undefined ? undefined : runPropertiesOf(run);
  const inputs = type === undefined ? undefined : inputsOf(fields, type);
  if (name === undefined || mode === undefined || runProperties === undefined) return undefined;
  if (type === undefined || inputs === undefined) return undefined;
  return { name, type, mode, runProperties, inputs } as ProbeDefinition;
}

function nameOf(top: Fields): string | undefined {
  const name = top.text('name', true);
  if (name === undefined || NAME.test(name)) return name;
  top.problem(
    'name',
    'must be 1-63 letters, digits, ".", "_" or "-", starting and ending alphanumeric',
  );
  return undefined;
}

function inputsOf(fields: Fields, type: ProbeType): object | undefined {
  const inputFields = fields.child(`${type}/inputs`);
  return inputFields === undefined ? undefined : INPUT_READERS[type](inputFields, fields);
}

function runPropertiesOf(run: Fields): RunProperties {
  const attempt = run.count('attempt');
  const retry = run.count('retry');
  const intervalMs = run.duration('interval', undefined);
  return {
    probeTimeoutMs: positive(run, 'probeTimeout', run.duration('probeTimeout', undefined)),
    intervalMs,
    // Litmus's getAttempts: `attempt` wins, then the legacy `retry`; both are total tries.
    attempts: attempt > 0 ? attempt : retry > 0 ? retry : 1,
    // Litmus polls without pause when unset, hammering the target; we wait `interval`.
    pollingIntervalMs: run.duration('probePollingInterval', intervalMs),
    initialDelayMs: initialDelayOf(run),
    stopOnFailure: run.flag('stopOnFailure'),
    verbosity: run.text('verbosity', false),
    evaluationTimeoutMs: run.has('evaluationTimeout')
      ? run.duration('evaluationTimeout', 0)
      : undefined,
  };
}

/**
 * Litmus 3.x waits `initialDelay` (a duration); 2.x waited `initialDelaySeconds` (whole
 * seconds), which 3.x still accepts in the CRD but ignores. The 3.x field wins; the 2.x
 * one is honoured alone, so an engine written for 2.x keeps its delay.
 */
function initialDelayOf(run: Fields): number {
  if (run.has('initialDelay') || !run.has('initialDelaySeconds')) {
    return run.duration('initialDelay', 0);
  }
  const seconds = run.value['initialDelaySeconds'];
  if (typeof seconds === 'number' || (typeof seconds === 'string' && /^\d+$/.test(seconds))) {
    return run.duration('initialDelaySeconds', 0);
  }
  run.problem('initialDelaySeconds', `${describe(seconds)} must be a whole number of seconds`);
  return 0;
}

function positive(run: Fields, key: string, ms: number): number {
  if (ms === 0 && run.has(key)) run.problem(key, 'must be longer than 0');
  return ms;
}

function invalid(source: string, phase: Phase, problems: readonly string[]): ChaosError {
  return new ChaosError({
    code: 'CONFIG_INVALID',
    phase,
    target: source,
    reason: `invalid probe definitions: ${problems.join('; ')}`,
    fix: 'Correct the probes as the Litmus probe schema says (name, type, mode, runProperties{probeTimeout, interval}, <type>/inputs), e.g. probeTimeout: "5s"',
  });
}
