import { decodePayload } from '../../../../src/host/payload-decode.js';
import type { Payload } from '../../../../src/host/payload.js';
import type {
  Invocation,
  InvocationPage,
  InvocationSummary,
  SendCommandRequest,
  SsmApi,
} from '../../../../src/experiment/aws-api.js';
import type { ManagedInstanceInfo } from '../../../../src/experiment/types.js';
import { Abandoned, abortReasonOf } from '../../../../src/errors/abandoned.js';
import { ChaosError } from '../../../../src/errors/chaos-error.js';
import type { VirtualClock } from './clock.js';

/**
 * A target's proxy as its fake host sees it (ADR 0140): `running` (by default), killed
 * (`exited`, exit 137), crashed and restarted by docker (`restarted`), removed (`absent`),
 * or another container in its place (`replaced`).
 */
/** 'lapsed': running throughout, but its relay's lease ran out twice (ADR 0130). */
export type ProxyLife = 'running' | 'exited' | 'restarted' | 'absent' | 'replaced' | 'lapsed';

/** How one host answers a mode; `ok` by default. */
export type Behaviour =
  | 'ok'
  | { readonly fail: string; readonly reason: string }
  | { readonly status: 'TimedOut' | 'Cancelled' | 'Failed'; readonly details: string }
  | 'dirty'
  | 'never-ends';

export interface SentCommand {
  readonly commandId: string;
  readonly request: SendCommandRequest;
  readonly payload: Payload;
  readonly atMs: number;
}

interface FakeInvocation {
  readonly command: SentCommand;
  readonly instanceId: string;
  readonly endsAtMs: number;
  readonly behaviour: Behaviour;
  cancelled: boolean;
}

const HEX64 = 'ab'.repeat(32);
const VISIBLE_AFTER_MS = 300;
const RUNS_FOR_MS = 1_500;

/**
 * Hosts behind SSM, by hand: each command "runs" for a while of virtual time, then answers
 * as the host script would (ADR 0002 JSON lines) for the targets of its own instance.
 */
export class FakeSsm implements SsmApi {
  /** Inject and revert commands, in order. */
  readonly sent: SentCommand[] = [];
  /** Status commands (the watch), in order. */
  readonly statuses: SentCommand[] = [];
  /** Per task ARN: the proxy's life from a virtual time on; `running` before. */
  readonly proxies = new Map<string, { readonly life: ProxyLife; readonly fromMs: number }>();
  readonly cancels: string[] = [];
  readonly behaviours = new Map<string, Partial<Record<Mode, Behaviour>>>();
  /** How long a command of a mode runs on its host; 1.5 s by default. */
  readonly runsForMs: Partial<Record<Mode, number>> = {};
  /** Called on each SendCommand; returning an Error loses the answer after acceptance. */
  loseAnswer: (request: SendCommandRequest) => Error | undefined = () => undefined;
  /** Called on each ListCommandInvocations; returning an Error makes SSM refuse it. */
  refuseList: (commandId: string) => Error | undefined = () => undefined;
  /** Actions the identity may not call (the published IAM policy lacks some). */
  readonly denied = new Set<string>();
  /** ListCommandInvocations calls made, probes included. */
  listCalls = 0;
  /** The signal each call is bound to, as the harness's connect wires it (ADR 0151). */
  signalOf: () => AbortSignal | undefined = () => undefined;
  private readonly invocations = new Map<string, FakeInvocation>();
  private counter = 0;
  /** While set, every call takes this long (the SDK retrying a throttled call), then fails. */
  private throttledMs: number | undefined;

  constructor(
    private readonly clock: VirtualClock,
    readonly managed: ManagedInstanceInfo[],
  ) {}

  describeInstances(ids: readonly string[]): Promise<readonly ManagedInstanceInfo[]> {
    return Promise.resolve(this.managed.filter((info) => ids.includes(info.instanceId)));
  }

  /** From now on every call is throttled for `ms` of retries, unless its signal fires first. */
  throttle(ms: number): void {
    this.throttledMs = ms;
  }

  /** What the adapter does with a throttled call: retries until it gives up or is abandoned. */
  private async throttled(action: string): Promise<void> {
    const ms = this.throttledMs;
    if (ms === undefined) return;
    const signal = this.signalOf();
    const fields = { code: 'CHAOS_REVERT_ERROR', phase: 'revert', fix: '-' } as const;
    try {
      await this.clock.sleep(ms, signal);
    } catch {
      const reason = signal === undefined ? 'aborted' : abortReasonOf(signal);
      throw new Abandoned({ ...fields, reason: `${action} abandoned: ${reason}` });
    }
    throw new ChaosError({ ...fields, reason: `${action} failed after 8 attempts: Throttling` });
  }

  async sendCommand(
    request: SendCommandRequest,
  ): Promise<{ readonly commandId: string; readonly requestedAt: number }> {
    await this.throttled('ssm:SendCommand');
    this.counter += 1;
    const commandId = `00000000-0000-4000-8000-${String(this.counter).padStart(12, '0')}`;
    const payload = decodePayload(request.commands[0].slice(3, -1));
    const command = { commandId, request, payload, atMs: this.clock.now() };
    (modeOf(payload) === 'status' ? this.statuses : this.sent).push(command);
    for (const instanceId of request.instanceIds) {
      const behaviour = this.behaviours.get(instanceId)?.[modeOf(payload)] ?? 'ok';
      const endsAtMs = this.clock.now() + (this.runsForMs[modeOf(payload)] ?? RUNS_FOR_MS);
      this.invocations.set(`${commandId}/${instanceId}`, {
        command,
        instanceId,
        endsAtMs,
        behaviour,
        cancelled: false,
      });
    }
    const lost = this.loseAnswer(request);
    if (lost !== undefined) throw lost;
    return { commandId, requestedAt: this.clock.now() };
  }

  /** The account-wide listing (ADR 0192): 50 rows a page, each with its output (Details). */
  async listRecentInvocations(sinceMs: number, nextToken?: string): Promise<InvocationPage> {
    await this.throttled('ssm:ListCommandInvocations');
    const listed = [...this.invocations.values()].filter(
      (one) => one.command.atMs >= sinceMs && this.visible(one),
    );
    // One call for all of them: SSM refusing any of those commands' listing refuses it.
    const ids = ['recent', ...new Set(listed.map((one) => one.command.commandId))];
    const refused = ids.map((id) => this.refuseList(id)).find((error) => error !== undefined);
    if (refused !== undefined) throw refused;
    const rows = listed.map((one) => {
      const { status, statusDetails, responseCode, stdout } = this.render(one);
      const { commandId } = one.command;
      return {
        instanceId: one.instanceId,
        commandId,
        status,
        statusDetails,
        responseCode,
        output: stdout,
      };
    });
    const page = Number(nextToken ?? '0');
    const more = rows.length > (page + 1) * 50;
    const slice = rows.slice(page * 50, (page + 1) * 50);
    return more ? { rows: slice, nextToken: String(page + 1) } : { rows: slice };
  }

  mayCall(action: string): Promise<boolean> {
    return Promise.resolve(!this.denied.has(action));
  }

  async listInvocations(commandId: string): Promise<readonly InvocationSummary[]> {
    this.listCalls += 1;
    if (this.denied.has('ssm:ListCommandInvocations')) throw new Error('AccessDenied');
    await this.throttled('ssm:ListCommandInvocations');
    const refused = this.refuseList(commandId);
    if (refused !== undefined) throw refused;
    const rows = [...this.invocations.values()]
      .filter((one) => one.command.commandId === commandId && this.visible(one))
      .map((one) => {
        const { status, statusDetails } = this.render(one);
        return { instanceId: one.instanceId, status, statusDetails };
      });
    return rows;
  }

  async getInvocation(commandId: string, instanceId: string): Promise<Invocation | undefined> {
    await this.throttled('ssm:GetCommandInvocation');
    const one = this.invocations.get(`${commandId}/${instanceId}`);
    return one !== undefined && this.visible(one) ? this.render(one) : undefined;
  }

  async cancelCommand(commandId: string): Promise<void> {
    await this.throttled('ssm:CancelCommand');
    this.cancels.push(commandId);
    for (const one of this.invocations.values()) {
      if (one.command.commandId === commandId && this.clock.now() < one.endsAtMs)
        one.cancelled = true;
    }
  }

  /** The mode of a command this fake was sent. */
  modeOf(commandId: string): Mode | undefined {
    const one = [...this.sent, ...this.statuses].find((sent) => sent.commandId === commandId);
    return one === undefined ? undefined : modeOf(one.payload);
  }

  /** A target's proxy at a virtual time. */
  lifeOf(taskArn: string, atMs: number): ProxyLife {
    const set = this.proxies.get(taskArn);
    return set !== undefined && atMs >= set.fromMs ? set.life : 'running';
  }

  /** The modes and chaos ids of inject and revert, in order: "inject run-1-aaaaaaaa → i-1,i-2". */
  timeline(): string[] {
    return this.sent.map(
      (one) =>
        `${modeOf(one.payload)} ${one.payload.header.chaosId} → ${one.request.instanceIds.join(',')}`,
    );
  }

  private visible(one: FakeInvocation): boolean {
    return this.clock.now() >= one.command.atMs + VISIBLE_AFTER_MS;
  }

  private render(one: FakeInvocation): Invocation {
    if (one.cancelled) return ended('Cancelled', 'Cancelled', -1, '');
    if (one.behaviour === 'never-ends' || this.clock.now() < one.endsAtMs) {
      return {
        status: 'InProgress',
        statusDetails: 'InProgress',
        responseCode: -1,
        stdout: '',
        stderr: '',
      };
    }
    const { behaviour } = one;
    if (typeof behaviour === 'object' && 'status' in behaviour) {
      return ended(behaviour.status, behaviour.details, -1, '');
    }
    return hostAnswer(one, behaviour, (task) => this.lifeOf(task, one.endsAtMs));
  }
}

type Mode = Payload['header']['mode'];

function modeOf(payload: Payload): Mode {
  return payload.header.mode;
}

function ended(
  status: Invocation['status'],
  details: string,
  code: number,
  stdout: string,
): Invocation {
  return { status, statusDetails: details, responseCode: code, stdout, stderr: '' };
}

function hostAnswer(
  one: FakeInvocation,
  behaviour: Behaviour,
  lifeOf: (task: string) => ProxyLife,
): Invocation {
  const instance = one.instanceId;
  const mode = modeOf(one.command.payload);
  const own = one.command.payload.targets.filter((target) => target.instanceId === instance);
  const lines: object[] = [];
  let ok = true;
  for (const target of own) {
    if (typeof behaviour === 'object' && 'fail' in behaviour) {
      lines.push({
        event: 'error',
        instance,
        task: target.taskArn,
        step: behaviour.fail,
        reason: behaviour.reason,
      });
      ok = false;
    } else if (mode === 'status') {
      lines.push(statusLine(instance, target, lifeOf(target.taskArn), one.endsAtMs));
    } else if (mode === 'inject') {
      const { taskArn: task, containerName: container, deadlineMs: deadline } = target;
      lines.push({
        event: 'ready',
        instance,
        task,
        container,
        namespace: HEX64,
        proxy: HEX64,
        deadline,
      });
    } else {
      const gone = ['exited', 'absent'].includes(lifeOf(target.taskArn));
      const lapsed = lifeOf(target.taskArn) === 'lapsed';
      const lease = { renewals: 28, failures: 0, lapses: lapsed ? 2 : 0 };
      const proxy = gone ? null : { connections: 4, resets: 3, passedThrough: 1, lease };
      lines.push({
        event: 'reverted',
        instance,
        task: target.taskArn,
        proxy,
        clean: behaviour !== 'dirty',
      });
      ok &&= behaviour !== 'dirty';
    }
  }
  lines.push({ event: 'summary', instance, mode, ok });
  const stdout = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
  return ok ? ended('Success', 'Success', 0, stdout) : ended('Failed', 'Failed', 1, stdout);
}

/** What the host script's `status` prints for one target (ADR 0140). */
function statusLine(
  instance: string,
  target: { readonly taskArn: string; readonly containerName: string },
  life: ProxyLife,
  atMs: number,
): object {
  const base = {
    event: 'status',
    instance,
    task: target.taskArn,
    container: target.containerName,
    at: Math.floor(atMs / 1000),
  };
  if (life === 'absent') return { ...base, state: 'absent' };
  const crashed = life === 'exited' || life === 'restarted';
  return {
    ...base,
    state: life === 'exited' ? 'exited' : 'running',
    proxy: life === 'replaced' ? 'cd'.repeat(32) : HEX64,
    restarts: life === 'restarted' ? 1 : 0,
    exitCode: crashed ? 137 : 0,
    oomKilled: false,
    finishedAt: crashed ? new Date(atMs - 1000).toISOString() : '0001-01-01T00:00:00Z',
  };
}
