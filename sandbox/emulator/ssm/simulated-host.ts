/**
 * Container instances whose host script is simulated in-process (ADR 0191), for runs of
 * hundreds of hosts: each command's payload is read with the executor's own decoder, the
 * host keeps its own target lines and answers with host.sh's JSON lines (host-lines.ts)
 * and exit codes. It remembers what each chaos id left on it (proxies, the revert
 * tombstone), so status and revert answer what inject did, and a late inject is refused.
 */
import { createHash } from 'node:crypto';
import { decodePayload } from '../../../src/host/payload-decode.js';
import type { PayloadMode, PayloadTarget } from '../../../src/host/payload.js';
import { stoppedEvent } from '../../../src/proxy/events.js';
import { hostLines, sayLine, type StatusTarget } from './host-lines.js';

export interface HostRun {
  /** Undefined when the payload was rejected before its mode was read. */
  readonly mode: PayloadMode | undefined;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

interface Proxy {
  readonly id: string;
  readonly startedAt: number;
  readonly deadline: number;
}

/** What one host holds: per chaos id, its proxies by namespace, and its tombstone. */
interface HostState {
  readonly proxies: Map<string, Map<string, Proxy>>;
  readonly tombstones: Map<string, number>;
}

/** Docker's zero time: a container that never exited. */
const NEVER = '0001-01-01T00:00:00Z';
/** host.sh's LEAD: an inject refuses a deadline less than this far away. */
const LEAD_SECONDS = 3;
const ASSIGNMENT = /^P='([^']*)'$/;

/** The base64 of `P='…'`, refused with host.sh's own words (read_payload). */
function payloadText(first: string): string {
  const text = ASSIGNMENT.exec(first)?.[1] ?? '';
  if (text === '') throw new Error("P is empty; the command must begin with P='<base64>'");
  if (/[^A-Za-z0-9+/=]/.test(text)) {
    throw new Error('P holds characters outside the base64 alphabet');
  }
  if (text.length % 4 !== 0) throw new Error('P is not valid base64');
  return text;
}

const hex64 = (seed: string) => createHash('sha256').update(seed).digest('hex');

/** The container owning a target's namespace: the task's (awsvpc) or the container's own. */
function namespaceOf(target: PayloadTarget): string {
  const owner = target.networkMode === 'awsvpc' ? '' : target.containerName;
  return target.runtimeId ?? hex64(`ns|${target.taskArn}|${owner}`);
}

class Output {
  readonly out: string[] = [];
  readonly err: string[] = [];
  constructor(
    readonly instance: string,
    readonly mode: PayloadMode | undefined,
  ) {}
  error(task: string, step: string, reason: string): void {
    this.out.push(hostLines.error(this.instance, task, step, reason));
    this.err.push(sayLine(`${step}${task === '' ? '' : ` (${task})`}: ${reason}`));
  }
  finish(exitCode: number): HostRun {
    if (this.mode !== undefined)
      this.out.push(hostLines.summary(this.instance, this.mode, exitCode === 0));
    const stdout = this.out.map((line) => `${line}\n`).join('');
    return { mode: this.mode, exitCode, stdout, stderr: this.err.join('') };
  }
}

export class SimulatedHosts {
  private readonly hosts = new Map<string, HostState>();

  constructor(private readonly now: () => number = Date.now) {}

  /** One AWS-RunShellScript invocation of `commands` on `instanceId`. */
  run(instanceId: string, commands: readonly string[]): HostRun {
    let payload;
    try {
      payload = decodePayload(payloadText(commands[0] ?? ''));
    } catch (error) {
      const output = new Output(instanceId, undefined);
      const why = (error as Error).message.replace(/^payload rejected: /, '');
      output.error('', 'validate', `payload rejected, nothing was done: ${why}`);
      return output.finish(2);
    }
    const { mode, chaosId } = payload.header;
    const targets = payload.targets.filter((target) => target.instanceId === instanceId);
    const output = new Output(instanceId, mode);
    output.err.push(
      sayLine(`${mode} of chaos id ${chaosId} on ${instanceId}: ${targets.length} target(s) here`),
    );
    const host = this.host(instanceId);
    if (mode === 'inject') return this.inject(host, chaosId, targets, output);
    if (mode === 'revert') return this.revert(host, chaosId, targets, output);
    return this.status(host, chaosId, targets, output);
  }

  private host(instanceId: string): HostState {
    let host = this.hosts.get(instanceId);
    if (host === undefined) {
      host = { proxies: new Map(), tombstones: new Map() };
      this.hosts.set(instanceId, host);
    }
    return host;
  }

  private inject(
    host: HostState,
    chaosId: string,
    targets: readonly PayloadTarget[],
    output: Output,
  ) {
    const { instance } = output;
    if (targets.length === 0) {
      output.error(
        '',
        'validate',
        `no target line names instance ${instance}: nothing to inject here`,
      );
      return output.finish(1);
    }
    const reverted = host.tombstones.get(chaosId);
    if (reverted !== undefined) {
      const when = `reverted at ${Math.floor(reverted / 1000)} by revert`;
      output.error(
        '',
        'tombstone',
        `chaos id ${chaosId} was already reverted on this host (${when}): refusing a late inject`,
      );
      return output.finish(1);
    }
    const nowS = Math.floor(this.now() / 1000);
    const late = targets.filter(
      (target) => Math.floor(target.deadlineMs / 1000) - nowS < LEAD_SECONDS,
    );
    for (const target of late) {
      const left = Math.floor(target.deadlineMs / 1000) - nowS;
      output.error(
        target.taskArn,
        'deadline',
        `deadline ${target.deadlineMs} is ${left}s away: too near to start a fault (${LEAD_SECONDS}s at least)`,
      );
    }
    if (late.length > 0) return output.finish(1);
    const proxies = host.proxies.get(chaosId) ?? new Map<string, Proxy>();
    host.proxies.set(chaosId, proxies);
    for (const target of targets) {
      const namespace = namespaceOf(target);
      const proxy = proxies.get(namespace) ?? {
        id: hex64(`proxy|${instance}|${chaosId}|${namespace}`),
        startedAt: this.now(),
        deadline: target.deadlineMs,
      };
      proxies.set(namespace, proxy);
      const ids = { namespace, proxy: proxy.id, deadline: target.deadlineMs };
      output.out.push(hostLines.ready(instance, target.taskArn, target.containerName, ids));
    }
    return output.finish(0);
  }

  private revert(
    host: HostState,
    chaosId: string,
    targets: readonly PayloadTarget[],
    output: Output,
  ) {
    host.tombstones.set(chaosId, this.now());
    const proxies = host.proxies.get(chaosId) ?? new Map<string, Proxy>();
    host.proxies.delete(chaosId);
    for (const target of targets) {
      const proxy = proxies.get(namespaceOf(target));
      const stopped = proxy === undefined ? null : this.stoppedLine(chaosId, proxy);
      output.out.push(hostLines.reverted(output.instance, target.taskArn, stopped, true));
    }
    return output.finish(0);
  }

  private status(
    host: HostState,
    chaosId: string,
    targets: readonly PayloadTarget[],
    output: Output,
  ) {
    const proxies = host.proxies.get(chaosId);
    const now = this.now();
    for (const target of targets) {
      const proxy = proxies?.get(namespaceOf(target));
      // A proxy ends itself at its deadline, exit 0 (src/proxy: --until).
      const running = proxy !== undefined && now < proxy.deadline;
      const state: StatusTarget['state'] =
        proxy === undefined ? 'absent' : running ? 'running' : 'exited';
      const docker = proxy && {
        proxy: proxy.id,
        restarts: 0,
        exitCode: 0,
        oomKilled: false,
        finishedAt: running ? NEVER : new Date(proxy.deadline).toISOString(),
      };
      const { instance } = output;
      const line = { instance, task: target.taskArn, container: target.containerName, state };
      output.out.push(hostLines.status(line, docker, Math.floor(now / 1000)));
    }
    return output.finish(0);
  }

  /** The proxy's own final line (src/proxy/events.ts): a connection every 500 ms, each reset. */
  private stoppedLine(chaosId: string, proxy: Proxy): string {
    const ran = Math.max(0, Math.min(this.now(), proxy.deadline) - proxy.startedAt);
    const connections = Math.floor(ran / 500);
    const counters = {
      connections,
      resets: connections,
      passedThrough: 0,
      active: 0,
      bytesFromClients: connections * 78,
      bytesFromUpstream: 0,
      upstreamErrors: 0,
    };
    const reason = this.now() < proxy.deadline ? 'SIGTERM' : 'deadline';
    return stoppedEvent(chaosId, counters, {
      reason,
      closedAfterDrain: 0,
      clean: true,
      removed: 3,
    });
  }
}
