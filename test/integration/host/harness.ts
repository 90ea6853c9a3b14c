// The host script on real dockerd test hosts, run the way the SSM agent runs it: the
// command text the executor sends (real encoder, real commandsFor), `sh -c` as root in
// its own process group, AWS_SSM_INSTANCE_ID and the agent's PATH; its stdout read with
// the executor's own parser.
import { expect } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, readdir, rm, symlink } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  commandsFor,
  encodePayload,
  type PayloadHeader,
  type PayloadMode,
  type PayloadTarget,
} from '../../../src/host/payload.js';
import { parseHostOutput, type HostReport } from '../../../src/host/payload-output.js';
import { HOST_SCRIPT_FILES, scriptFor, type HostScripts } from '../../../src/host/scripts.js';
import {
  startScript,
  type ScriptExit,
  type ScriptRun,
} from '../../../sandbox/emulator/ssm/script-runner.js';
import {
  IMAGES,
  run,
  sourceDockerHost,
  waitFor,
  type ContainerInstance,
  type EcsTask,
} from '../../../sandbox/docker/index.js';

export const ROOT = resolve('.');
export const HOST_SCRIPT = readFileSync(join(ROOT, 'src/host/host.sh'), 'utf8');
/** The builds the executor sends (ADR 0223): a revert command carries host-revert.sh. */
const HOST_SCRIPTS: HostScripts = {
  full: HOST_SCRIPT,
  revert: readFileSync(join(ROOT, `src/host/${HOST_SCRIPT_FILES.revert}`), 'utf8'),
};
/** The image under test: `make image EHC_IMAGE=…` may name another tag than the default. */
export const PRODUCT_IMAGE = process.env['EHC_IMAGE'] ?? IMAGES.product;
export const HOST_IMAGES = [IMAGES.httpService, IMAGES.pause, PRODUCT_IMAGE];
const AGENT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const SCRIPT_IN_IMAGE = '/opt/ecs-http-chaos/dist/host/host.sh';
export const OURS = /ecs-http-chaos|EHC-[0-9a-f]{10}/;

/** The reaper runs the image's copy of the script: it must be this worktree's. */
export async function assertImageCarriesScript(): Promise<void> {
  const shown = await run(
    'docker',
    ['run', '--rm', '--network', 'none', '--entrypoint', 'cat', PRODUCT_IMAGE, SCRIPT_IN_IMAGE],
    { env: { DOCKER_HOST: sourceDockerHost() }, allowFailure: true },
  );
  if (shown.stdout !== HOST_SCRIPT) {
    throw new Error(
      `${PRODUCT_IMAGE} does not carry this src/host/host.sh (${shown.stderr.trim() || 'it differs'}): run 'make image${PRODUCT_IMAGE === IMAGES.product ? '' : ` EHC_IMAGE=${PRODUCT_IMAGE}`}'`,
    );
  }
}

export function chaosId(label: string): string {
  return `ehc-${label}-${randomBytes(3).toString('hex')}`;
}

export function header(
  mode: PayloadHeader['mode'],
  id: string,
  over: Partial<PayloadHeader> = {},
): PayloadHeader {
  return {
    mode,
    chaosId: id,
    libImage: PRODUCT_IMAGE,
    installDependencies: false,
    pullPolicy: 'IfNotPresent',
    drainSeconds: 1,
    graceSeconds: 3,
    ...over,
  };
}

/** A target line for a task's container, on the instance the task runs on. */
export function targetOf(
  task: EcsTask,
  container: string,
  deadlineMs: number,
  over: Partial<PayloadTarget> = {},
): PayloadTarget {
  return {
    instanceId: task.instanceId,
    clusterName: task.cluster,
    taskArn: task.taskArn,
    containerName: container,
    runtimeId: undefined,
    networkMode: task.networkMode === 'awsvpc' ? 'awsvpc' : 'bridge',
    targetPort: 8080,
    proxyPort: 20000,
    resetTimeoutMs: 1000,
    networkInterface: 'auto',
    toxicity: 100,
    deadlineMs,
    ...over,
  };
}

/** A deadline `seconds` from now, on a whole second (the proxy's time match rounds down). */
export function deadlineIn(seconds: number): number {
  return (Math.floor(Date.now() / 1000) + seconds) * 1000;
}

export function encode(head: PayloadHeader, targets: readonly PayloadTarget[]): string {
  return encodePayload({ header: head, targets });
}

/** Where scripts run, the docker shim lives, and what the tests leave; removed by done(). */
export class Scratch {
  private count = 0;
  private constructor(readonly dir: string) {}

  static async create(): Promise<Scratch> {
    return new Scratch(await mkdtemp(join(tmpdir(), `ehc-host-${process.pid}-`)));
  }

  async subdir(name: string): Promise<string> {
    this.count += 1;
    const dir = join(this.dir, `${this.count}-${name}`);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  done(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}

export interface RunOptions {
  /** Replaces the environment the agent would give (default: the instance's). */
  readonly env?: Record<string, string>;
  /** Directories put before the agent's PATH (the docker shim). */
  readonly pathPrefix?: string;
  /** The command text's first line, when a test writes it itself. */
  readonly firstLine?: string;
}

/** The agent's environment without AWS_SSM_INSTANCE_ID: the script must ask IMDSv2. */
export function envWithoutInstanceId(instance: ContainerInstance): Record<string, string> {
  return Object.fromEntries(
    Object.entries(agentEnv(instance)).filter(([key]) => key !== 'AWS_SSM_INSTANCE_ID'),
  );
}

export function agentEnv(
  instance: ContainerInstance,
  options: RunOptions = {},
): Record<string, string> {
  const path =
    options.pathPrefix === undefined ? AGENT_PATH : `${options.pathPrefix}:${AGENT_PATH}`;
  return options.env ?? { PATH: path, AWS_SSM_REGION_NAME: instance.region, ...instance.hostEnv() };
}

/** The mode a payload names; an undecodable one (an edge case under test) gets the full build. */
function modeOf(payload: string): PayloadMode {
  const mode = Buffer.from(payload, 'base64').toString('utf8').split('\t')[1];
  return mode === 'revert' || mode === 'status' ? mode : 'inject';
}

/** Starts the command as the agent does; the caller awaits `finished` or kills the group. */
export async function startHost(
  scratch: Scratch,
  instance: ContainerInstance,
  payload: string,
  options: RunOptions = {},
): Promise<ScriptRun> {
  const commands = commandsFor(payload, scriptFor(HOST_SCRIPTS, modeOf(payload)));
  const directory = await scratch.subdir('ssm');
  return startScript({
    directory,
    commands: [options.firstLine ?? commands[0], commands[1]],
    cwd: directory,
    env: agentEnv(instance, options),
  });
}

export interface HostRun {
  readonly exit: ScriptExit;
  readonly stdout: string;
  readonly stderr: string;
  readonly report: HostReport;
}

export async function finishedRun(
  runHandle: ScriptRun,
  instance: ContainerInstance,
): Promise<HostRun> {
  const exit = await runHandle.finished;
  const stdout = await readFile(runHandle.stdoutPath, 'utf8');
  const stderr = await readFile(runHandle.stderrPath, 'utf8');
  return {
    exit,
    stdout,
    stderr,
    report: parseHostOutput(stdout, { instanceId: instance.instanceId }),
  };
}

export async function runHost(
  scratch: Scratch,
  instance: ContainerInstance,
  payload: string,
  options: RunOptions = {},
): Promise<HostRun> {
  return finishedRun(await startHost(scratch, instance, payload, options), instance);
}

/** Every container of ours on an instance (any chaos id, any role): name and state. */
export async function oursOn(instance: ContainerInstance): Promise<string[]> {
  const listed = await instance.docker([
    'ps',
    '-a',
    '--filter',
    'label=io.ecs-http-chaos.chaos-id',
    '--format',
    '{{.Names}} {{.State}} {{.Label "io.ecs-http-chaos.role"}}',
  ]);
  return listed.stdout.split('\n').filter(Boolean).sort();
}

/** Our lines in every iptables backend and family of a container's network namespace. */
export async function namespaceRules(
  instance: ContainerInstance,
  container: string,
): Promise<string[]> {
  const pid = (
    await instance.docker(['inspect', '--format', '{{.State.Pid}}', container])
  ).stdout.trim();
  const lines: string[] = [];
  for (const saver of [
    'iptables-save',
    'ip6tables-save',
    'iptables-legacy-save',
    'ip6tables-legacy-save',
  ]) {
    const saved = await run('nsenter', ['-t', pid, '-n', saver], { allowFailure: true });
    lines.push(
      ...saved.stdout
        .split('\n')
        .filter((line) => OURS.test(line))
        .map((line) => `${saver}: ${line}`),
    );
  }
  return lines;
}

export interface Probe {
  readonly outcome: 'answered' | 'reset' | 'failed';
  readonly elapsedMs: number;
  readonly status?: number;
  /** The client address the application saw: the host's when direct, its own when proxied. */
  readonly remote?: string;
  readonly error?: string;
}

/** One real HTTP request on a fresh connection to `/slow?ms=…`: answered, reset or failed. */
export function probe(
  ip: string,
  port: number,
  slowMs: number,
  timeoutMs = 10_000,
): Promise<Probe> {
  const started = Date.now();
  return new Promise((resolvePromise) => {
    const req = request(
      { host: ip, port, path: `/slow?ms=${slowMs}`, agent: false, timeout: timeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { remote?: string };
          resolvePromise({
            outcome: 'answered',
            elapsedMs: Date.now() - started,
            status: response.statusCode ?? 0,
            remote: (body.remote ?? '').replace(/:\d+$/, ''),
          });
        });
        response.on('error', (error: NodeJS.ErrnoException) => {
          resolvePromise({
            outcome: error.code === 'ECONNRESET' ? 'reset' : 'failed',
            elapsedMs: Date.now() - started,
            error: error.message,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => {
      resolvePromise({
        outcome: error.code === 'ECONNRESET' ? 'reset' : 'failed',
        elapsedMs: Date.now() - started,
        error: error.message,
      });
    });
    req.end();
  });
}

/** Answered directly: the application saw this machine (the bridge gateway) as its client. */
export async function expectDirect(
  instance: ContainerInstance,
  ip: string,
  port: number,
): Promise<Probe> {
  const answer = await probe(ip, port, 1500);
  if (answer.outcome !== 'answered' || answer.remote !== instance.gateway) {
    throw new Error(`expected a direct answer from ${ip}:${port}, got ${JSON.stringify(answer)}`);
  }
  return answer;
}

/** After a refusal or a revert: no container, lock or rule of ours, and the app answers directly. */
export async function expectNothingLeft(instance: ContainerInstance, task: EcsTask): Promise<void> {
  expect(await oursOn(instance)).toEqual([]);
  const state = await readdir(instance.hostEnv()['ECS_HTTP_CHAOS_STATE_DIR']!);
  expect(state.filter((name) => !name.startsWith('tombstone-'))).toEqual([]);
  expect(await namespaceRules(instance, task.containers[0]!.runtimeId)).toEqual([]);
  await expectDirect(instance, task.ip, 8080);
}

export type HoldPoint = 'before' | 'after' | 'ready';

/**
 * A stand-in `docker` first on PATH: logs every call, passes it to the real docker, and can
 * hold the proxy's `docker run` before or after it ran (test/integration/host/docker-shim.sh).
 */
export class DockerShim {
  private constructor(readonly dir: string) {}

  static async create(scratch: Scratch): Promise<DockerShim> {
    const dir = await scratch.subdir('shim');
    await mkdir(join(dir, 'bin'));
    await copyFile(join(ROOT, 'test/integration/host/docker-shim.sh'), join(dir, 'bin', 'docker'));
    await chmod(join(dir, 'bin', 'docker'), 0o755);
    return new DockerShim(dir);
  }

  /** PATH prefix and the variables the shim reads (docker-shim.sh says where it holds). */
  options(instance: ContainerInstance, hold: HoldPoint | 'none'): RunOptions {
    const env = agentEnv(instance, { pathPrefix: join(this.dir, 'bin') });
    return {
      env: { ...env, EHC_SHIM_DIR: this.dir, EHC_SHIM_HOLD: hold, EHC_SHIM_DOCKER: realDocker() },
    };
  }

  async calls(): Promise<string[]> {
    const text = await readFile(join(this.dir, 'calls'), 'utf8').catch(() => '');
    return text.split('\n').filter(Boolean);
  }

  async waitHeld(point: HoldPoint): Promise<void> {
    await waitFor(`the host script to reach the proxy's docker run (${point})`, async () =>
      (await readFile(join(this.dir, `held-${point}`)).catch(() => undefined)) === undefined
        ? undefined
        : true,
    );
  }

  async heldProxyId(): Promise<string> {
    return (await readFile(join(this.dir, 'proxy-id'), 'utf8')).trim();
  }

  release(): Promise<void> {
    return mkdir(join(this.dir, 'release')).then(() => undefined);
  }
}

function realDocker(): string {
  const found = AGENT_PATH.split(':').find((dir) => existsSync(join(dir, 'docker')));
  if (found === undefined) throw new Error('no docker on the agent PATH');
  return join(found, 'docker');
}

/** A PATH with the POSIX tools the script uses, and no docker: a host without Docker. */
export async function toolboxWithoutDocker(scratch: Scratch): Promise<string> {
  const dir = await scratch.subdir('toolbox');
  const tools = [
    'sh',
    'base64',
    'tr',
    'sed',
    'date',
    'cat',
    'mkdir',
    'chmod',
    'find',
    'rm',
    'mv',
    'cut',
    'grep',
    'head',
    'tail',
    'sort',
    'awk',
    'wc',
    'sleep',
    'mktemp',
    'printf',
    'echo',
  ];
  for (const tool of tools) {
    const found = await run('sh', ['-c', `command -v ${tool}`], { allowFailure: true });
    const path = found.stdout.trim();
    if (path.startsWith('/')) await symlink(path, join(dir, tool));
  }
  return dir;
}
