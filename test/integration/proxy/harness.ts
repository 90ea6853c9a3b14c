import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from '@jest/globals';
import { inNamespace, mustRunIn, ownNamespaces, type NamespacePair } from '../../support/netns.js';
import type { ProcessTracker, Tracked } from '../../../sandbox/world/processes.js';

/** Shared pieces of the proxy's integration suites: the real CLI, real apps and clients. */

export const ROOT = resolve('.');
export const CLI = join(ROOT, 'bin/ecs-http-chaos');
const FIXTURES = join(ROOT, 'test/support/fixtures');
const NODE_FLAGS = ['--disable-warning=ExperimentalWarning'];

export const APP_PORT = 8080;
export const H2_PORT = 8081;
export const PROXY_PORT = 20000;

export interface AgentResult {
  readonly id: number;
  readonly outcome: 'complete' | 'reset' | 'closed' | 'refused' | 'timeout' | 'error';
  readonly elapsedMs: number;
  readonly sinceDialMs?: number;
  readonly status?: number;
  readonly body?: string;
  readonly localPort?: number;
  readonly error?: string;
  readonly outcomes?: Record<string, number>;
  readonly resetElapsedMs?: number[];
}

/** The client agent fixture inside a namespace, one command at a time or several at once. */
export class Agent {
  private next = 0;
  constructor(private readonly process: Tracked) {}

  async send(command: Record<string, unknown>, timeoutMs = 60_000): Promise<AgentResult> {
    this.next += 1;
    const id = this.next;
    this.process.child.stdin?.write(`${JSON.stringify({ ...command, id })}\n`);
    const line = await this.process.waitForLine((l) => l.startsWith(`{"id":${id},`), timeoutMs);
    return JSON.parse(line) as AgentResult;
  }
}

/** The peer the app saw: the server's own address when proxied, the client's when direct. */
export function peerOf(result: AgentResult): string | undefined {
  if (result.body === undefined) return undefined;
  return (JSON.parse(result.body) as { peer?: string }).peer?.replace(/^::ffff:/, '');
}

export async function startApp(
  tracker: ProcessTracker,
  ns: string,
  config: { hosts: string[]; http1Port?: number; h2Port?: number },
): Promise<Tracked> {
  const [file, args] = inNamespace(ns, process.execPath, [
    ...NODE_FLAGS,
    join(FIXTURES, 'http-app.ts'),
    JSON.stringify(config),
  ]);
  const app = tracker.spawn(file, args);
  await app.waitForLine((l) => l.includes('"listening"'), 15_000);
  return app;
}

export async function startAgent(tracker: ProcessTracker, ns: string): Promise<Agent> {
  const [file, args] = inNamespace(ns, process.execPath, [
    ...NODE_FLAGS,
    join(FIXTURES, 'client-agent.ts'),
  ]);
  const agent = tracker.spawn(file, args);
  await agent.waitForLine((l) => l.includes('"ready"'), 15_000);
  return new Agent(agent);
}

/** The real CLI, as the host script starts it: `bin/ecs-http-chaos` inside the namespace. */
export function startCli(
  tracker: ProcessTracker,
  ns: string,
  args: readonly string[],
  env?: NodeJS.ProcessEnv,
): Tracked {
  const [file, argv] = inNamespace(ns, CLI, args);
  return tracker.spawn(file, argv, env);
}

/**
 * Flags as the host script gives them. The relay's suites pin `--mechanism relay` (the
 * default `auto` picks destroy wherever the kernel allows); destroy.test.ts overrides it.
 */
export function proxyArgs(id: string, overrides: Record<string, string> = {}): string[] {
  const flags: Record<string, string> = {
    mechanism: 'relay',
    id,
    'target-port': String(APP_PORT),
    'proxy-port': String(PROXY_PORT),
    'reset-timeout-ms': '1000',
    'duration-s': '30',
    'drain-s': '2',
    ...overrides,
  };
  const args = ['proxy'];
  for (const [name, value] of Object.entries(flags))
    if (value !== '') args.push(`--${name}`, value);
  return args;
}

export type JsonEvent = Record<string, unknown>;

export async function waitForEvent(
  proc: Tracked,
  event: string,
  timeoutMs = 30_000,
): Promise<JsonEvent> {
  const line = await proc.waitForLine((l) => l.startsWith(`{"event":"${event}"`), timeoutMs);
  return JSON.parse(line) as JsonEvent;
}

export async function exitOf(proc: Tracked, timeoutMs = 30_000): Promise<number | null> {
  const exit = await proc.exitWithin(timeoutMs);
  if (exit === undefined) {
    throw new Error(`pid ${proc.pid} still running after ${timeoutMs} ms\nstderr:\n${proc.stderr}`);
  }
  return exit.code;
}

export type SaveCommand =
  'iptables-save' | 'ip6tables-save' | 'iptables-legacy-save' | 'ip6tables-legacy-save';

export function save(ns: string, command: SaveCommand = 'iptables-save'): Promise<string> {
  return mustRunIn(ns, command, []);
}

/** Without the `#` lines (they carry timestamps) and with chain counters zeroed. */
export function normalizeSave(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .map((line) => line.replace(/\[\d+:\d+\]$/, '[0:0]'))
    .join('\n');
}

/** Normalized iptables-save text of each table, by table name. */
export function tablesOf(text: string): Map<string, string> {
  const tables = new Map<string, string>();
  for (const section of normalizeSave(text).split(/^(?=\*)/m)) {
    const name = /^\*(\S+)/.exec(section)?.[1];
    if (name !== undefined) tables.set(name, section.trim());
  }
  return tables;
}

const BUILT_IN_CHAIN = /^:(PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING) ACCEPT \[0:0\]$/;

/**
 * Tables that held rules before are byte-for-byte what they were; a table that only
 * appeared because we used it (iptables cannot delete a table) holds no rule and no chain.
 */
export function expectTablesRestored(before: string, after: string): void {
  const old = tablesOf(before);
  for (const [name, text] of tablesOf(after)) {
    if (old.has(name)) {
      expect(text).toBe(old.get(name));
    } else {
      const lines = text.split('\n').slice(1, -1);
      expect(lines.filter((line) => !BUILT_IN_CHAIN.test(line))).toEqual([]);
    }
  }
  expect([...tablesOf(after).keys()]).toEqual(expect.arrayContaining([...old.keys()]));
}

const OURS = /ecs-http-chaos|EHC-[0-9a-f]{10}/;

export function ourLines(text: string): string[] {
  return text.split('\n').filter((line) => OURS.test(line));
}

export function withoutOurLines(text: string): string {
  return normalizeSave(text)
    .split('\n')
    .filter((line) => !OURS.test(line))
    .join('\n');
}

/**
 * A reset that came RESET_TIMEOUT after accept, within a generous bound. The lower bound
 * uses the time since the client's connect() call, which cannot be shorter than the
 * proxy's accept-to-reset time; the event-loop-dependent connect event is not used for it.
 */
export function expectResetAfter(
  result: AgentResult,
  timeoutMs: number,
  latency: LatencyLog,
): void {
  expect(result.outcome).toBe('reset');
  expect(result.sinceDialMs).toBeGreaterThanOrEqual(timeoutMs);
  expect(result.elapsedMs).toBeLessThan(timeoutMs + 1500);
  latency.add(result.elapsedMs - timeoutMs);
}

/** Reset lateness (connect → ECONNRESET minus RESET_TIMEOUT) of this file, for the report. */
export class LatencyLog {
  private readonly samples: number[] = [];
  constructor(private readonly name: string) {}

  add(lateMs: number): void {
    this.samples.push(lateMs);
  }

  write(): void {
    if (this.samples.length === 0) return;
    const dir = join(ROOT, '.tmp', 'reset-latency');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${this.name}.json`), JSON.stringify(this.samples));
  }
}

/** The afterAll guard: the suite fails if any namespace or process it made is left. */
export async function expectNothingLeft(
  tracker: ProcessTracker,
  pairs: readonly (NamespacePair | undefined)[],
): Promise<void> {
  await tracker.killAll();
  for (const pair of pairs) await pair?.destroy();
  expect(await ownNamespaces()).toEqual([]);
  expect(tracker.alive()).toEqual([]);
}
