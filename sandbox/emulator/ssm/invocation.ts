/** A command and its per-instance invocations, with the statuses the SSM API reports. */
import type { ScriptRun } from './script-runner.js';

export type InvocationStatus =
  | 'Pending'
  | 'InProgress'
  | 'Delayed'
  | 'Success'
  | 'Cancelled'
  | 'TimedOut'
  | 'Failed'
  | 'Cancelling';

const TERMINAL: ReadonlySet<InvocationStatus> = new Set([
  'Success',
  'Cancelled',
  'TimedOut',
  'Failed',
]);

export interface CommandRecord {
  commandId: string;
  documentName: string;
  comment: string;
  parameters: Record<string, string[]>;
  instanceIds: string[];
  requestedAt: number;
  /** Delivery timeout: an invocation not started by then never runs. */
  timeoutSeconds: number;
  executionTimeoutSeconds: number;
  commands: string[];
  workingDirectory: string;
  invocations: Map<string, Invocation>;
}

/** The outcome the agent sends back; held while the instance is offline. */
export interface Report {
  status: InvocationStatus;
  details: string;
  responseCode: number;
  stdout: string;
  stderr: string;
}

export class Invocation {
  status: InvocationStatus = 'Pending';
  statusDetails = 'Pending';
  responseCode = -1;
  startedAt: number | undefined;
  endedAt: number | undefined;
  stdout = '';
  stderr = '';
  /** Not delivered before this time (the late-delivery knob). */
  deliverNotBefore = 0;
  run: ScriptRun | undefined;
  /** Answered by a simulated host (no process): see simulated-host.ts. */
  simulated = false;
  /** Set once the process ended on its own or was killed: no second outcome. */
  settled = false;
  cancelRequested = false;
  unreported: Report | undefined;
  readonly timers: NodeJS.Timeout[] = [];

  constructor(
    readonly command: CommandRecord,
    readonly instanceId: string,
    /** GetCommandInvocation answers InvocationDoesNotExist before this time. */
    readonly visibleAt: number,
  ) {}

  get terminal(): boolean {
    return TERMINAL.has(this.status);
  }

  publish(report: Report, at: number): void {
    if (this.terminal) return;
    this.status = report.status;
    this.statusDetails = report.details;
    this.responseCode = report.responseCode;
    this.stdout = report.stdout;
    this.stderr = report.stderr;
    this.endedAt = at;
    this.unreported = undefined;
    for (const timer of this.timers) clearTimeout(timer);
  }
}
