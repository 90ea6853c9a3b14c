/**
 * The demo's tunables: the one module that reads the environment. The fault's own
 * variables keep the names `run` reads (the demo passes them on); the rest are DEMO_*.
 * Every invalid value is reported at once, before anything is created.
 */
import { isAbsolute, resolve } from 'node:path';

export interface DemoSettings {
  readonly resetTimeoutMs: number;
  readonly affectedPercent: number;
  readonly windowSeconds: number;
  readonly toxicity: number;
  readonly tasks: number;
  readonly instances: number;
  readonly slowMs: number;
  readonly slowClients: number;
  readonly fastEveryMs: number;
  readonly baselineSeconds: number;
  readonly afterSeconds: number;
  readonly probe: boolean;
  readonly kube: 'auto' | 'off';
  readonly outDir: string;
  readonly image: string;
  /** Written by `make demo`: when each preparation stage ended (scripts/demo/stamp.sh). */
  readonly stampsFile: string | undefined;
}

interface IntRule {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly fallback: number;
  readonly example: string;
}

/** The table README documents: name, default, meaning. */
export const OVERRIDES: readonly (readonly [string, string, string])[] = [
  ['RESET_TIMEOUT', '2000', 'ms from connect to RST'],
  ['TASK_REPLICA_AFFECTED_PERC', '50', '% of the service tasks targeted'],
  ['TOTAL_CHAOS_DURATION', '15', 'chaos window, s'],
  ['TOXICITY', '100', '% of new connections reset'],
  ['DEMO_TASKS', '4', 'tasks of the service'],
  ['DEMO_INSTANCES', '2', 'container instances (one dockerd each)'],
  ['DEMO_SLOW_MS', 'RESET_TIMEOUT+2000', 'duration of the slow requests'],
  ['DEMO_SLOW_CLIENTS', '3', 'slow clients per task'],
  ['DEMO_FAST_EVERY_MS', '100', 'pause between fast requests'],
  ['DEMO_BASELINE_SECONDS', '3', 'load before the run starts'],
  ['DEMO_AFTER_SECONDS', '3', 'load after the run ends'],
  ['DEMO_PROBE', 'true', 'the OnChaos httpProbe'],
  ['DEMO_KUBE', 'auto', 'auto: kube-apiserver when built; off: file sink'],
  ['DEMO_OUT_DIR', '.tmp/demo', 'summary.json, ChaosResult copy, logs'],
  ['EHC_IMAGE', 'ecs-http-chaos:dev', 'LIB_IMAGE on the hosts'],
];

export class SettingsError extends Error {}

type Env = Readonly<Record<string, string | undefined>>;

function readInt(env: Env, rule: IntRule, problems: string[]): number {
  const raw = env[rule.name]?.trim() ?? '';
  if (raw === '') return rule.fallback;
  const value = Number(raw);
  if (/^\d+$/.test(raw) && value >= rule.min && value <= rule.max) return value;
  problems.push(
    `${rule.name}='${raw}': must be an integer ${rule.min}..${rule.max}, e.g. ${rule.name}=${rule.example}`,
  );
  return rule.fallback;
}

function readChoice<T extends string>(
  env: Env,
  name: string,
  choices: readonly T[],
  problems: string[],
): T {
  const raw = env[name]?.trim() ?? '';
  if (raw === '') return choices[0]!;
  const found = choices.find((choice) => choice === raw);
  if (found !== undefined) return found;
  problems.push(
    `${name}='${raw}': must be one of ${choices.join(', ')}, e.g. ${name}=${choices[1] ?? choices[0]!}`,
  );
  return choices[0]!;
}

function crossCheck(settings: DemoSettings, problems: string[]): void {
  if (settings.resetTimeoutMs >= settings.windowSeconds * 1000) {
    problems.push(
      `RESET_TIMEOUT=${settings.resetTimeoutMs} must be shorter than TOTAL_CHAOS_DURATION=${settings.windowSeconds} s, e.g. RESET_TIMEOUT=2000`,
    );
  }
  if (settings.slowMs <= settings.resetTimeoutMs) {
    problems.push(
      `DEMO_SLOW_MS=${settings.slowMs} must be longer than RESET_TIMEOUT=${settings.resetTimeoutMs} (slow requests are the ones a reset can catch), e.g. DEMO_SLOW_MS=${settings.resetTimeoutMs + 2000}`,
    );
  }
}

/** Throws SettingsError listing every problem, one per line. */
export function loadSettings(env: Env, root: string): DemoSettings {
  const problems: string[] = [];
  const int = (name: string, [min, max]: readonly [number, number], fallback: number) =>
    readInt(env, { name, min, max, fallback, example: String(fallback) }, problems);
  const resetTimeoutMs = int('RESET_TIMEOUT', [0, 60_000], 2000);
  const outDir = env['DEMO_OUT_DIR']?.trim() || '.tmp/demo';
  const settings: DemoSettings = {
    resetTimeoutMs,
    affectedPercent: int('TASK_REPLICA_AFFECTED_PERC', [1, 100], 50),
    windowSeconds: int('TOTAL_CHAOS_DURATION', [1, 600], 15),
    toxicity: int('TOXICITY', [0, 100], 100),
    tasks: int('DEMO_TASKS', [1, 16], 4),
    instances: int('DEMO_INSTANCES', [1, 4], 2),
    slowMs: int('DEMO_SLOW_MS', [1, 120_000], resetTimeoutMs + 2000),
    slowClients: int('DEMO_SLOW_CLIENTS', [0, 10], 3),
    fastEveryMs: int('DEMO_FAST_EVERY_MS', [10, 10_000], 100),
    baselineSeconds: int('DEMO_BASELINE_SECONDS', [0, 60], 3),
    afterSeconds: int('DEMO_AFTER_SECONDS', [0, 60], 3),
    probe: readChoice(env, 'DEMO_PROBE', ['true', 'false'] as const, problems) === 'true',
    kube: readChoice(env, 'DEMO_KUBE', ['auto', 'off'] as const, problems),
    outDir: isAbsolute(outDir) ? outDir : resolve(root, outDir),
    image: env['EHC_IMAGE']?.trim() || 'ecs-http-chaos:dev',
    stampsFile: env['DEMO_STAMPS']?.trim() || undefined,
  };
  crossCheck(settings, problems);
  if (problems.length > 0) throw new SettingsError(problems.join('\n'));
  return settings;
}
