// Runs the real helm (built into the tool cache by `make tool-helm`, docs/decisions/0030).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot, toolPath } from './paths.js';

const run = promisify(execFile);

export interface HelmOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const chartDir = (): string => join(repositoryRoot(), 'charts', 'ecs-http-chaos');

/** helm with these arguments; a non-zero exit is returned, not thrown. */
export async function helm(args: readonly string[]): Promise<HelmOutcome> {
  const binary = await toolPath('helm');
  try {
    const { stdout, stderr } = await run(binary, [...args], {
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
      // No repositories, plugins or caches of whoever runs the tests.
      env: { ...process.env, HELM_CONFIG_HOME: '/nonexistent', HELM_PLUGINS: '/nonexistent' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? String(error),
    };
  }
}

export interface RenderOptions {
  readonly release?: string;
  readonly namespace?: string;
  readonly chart?: string;
  readonly valuesFiles?: readonly string[];
  /** --set-json name=value pairs: the value is JSON, so types are explicit. */
  readonly setJson?: Readonly<Record<string, unknown>>;
  readonly showOnly?: readonly string[];
}

export function templateArgs(options: RenderOptions = {}): string[] {
  const { release = 'ehc', chart = chartDir(), namespace = 'litmus' } = options;
  return [
    'template',
    release,
    chart,
    '--namespace',
    namespace,
    ...(options.valuesFiles ?? []).flatMap((file) => ['--values', file]),
    ...Object.entries(options.setJson ?? {}).flatMap(([name, value]) => [
      '--set-json',
      `${name}=${JSON.stringify(value)}`,
    ]),
    ...(options.showOnly ?? []).flatMap((template) => ['--show-only', template]),
  ];
}

/** helm template; throws with helm's message when it refuses. */
export async function render(options: RenderOptions = {}): Promise<string> {
  const outcome = await helm(templateArgs(options));
  if (outcome.code !== 0) {
    throw new Error(`helm ${templateArgs(options).join(' ')} failed:\n${outcome.stderr}`);
  }
  return outcome.stdout;
}
