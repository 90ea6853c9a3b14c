/** Polling SSM the way a careful client does, and checking processes on this machine. */
import { readFileSync } from 'node:fs';
import {
  GetCommandInvocationCommand,
  InvocationDoesNotExist,
  SendCommandCommand,
  type GetCommandInvocationCommandOutput,
  type SSMClient,
  type SendCommandCommandInput,
} from '@aws-sdk/client-ssm';

const TERMINAL = ['Success', 'Failed', 'Cancelled', 'TimedOut'];

export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface Polled {
  invocation: GetCommandInvocationCommandOutput;
  /** How many times the service said InvocationDoesNotExist first. */
  notYet: number;
  statuses: string[];
}

/** Polls GetCommandInvocation until `done` holds, retrying InvocationDoesNotExist. */
export async function pollInvocation(
  ssm: SSMClient,
  CommandId: string,
  InstanceId: string,
  options: { timeoutMs?: number; done?: (status: string) => boolean } = {},
): Promise<Polled> {
  const done = options.done ?? ((status: string) => TERMINAL.includes(status));
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  const seen = { notYet: 0, statuses: [] as string[] };
  for (;;) {
    const invocation = await getOrUndefined(ssm, CommandId, InstanceId);
    const status = record(seen, invocation);
    if (invocation !== undefined && done(status)) return { invocation, ...seen };
    if (Date.now() > deadline) {
      const history = seen.statuses.join(' → ');
      throw new Error(`invocation ${CommandId}/${InstanceId} never finished: ${history}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

function record(
  seen: { notYet: number; statuses: string[] },
  invocation: GetCommandInvocationCommandOutput | undefined,
): string {
  if (invocation === undefined) {
    seen.notYet += 1;
    return '';
  }
  const status = invocation.Status ?? '';
  if (seen.statuses.at(-1) !== status) seen.statuses.push(status);
  return status;
}

/** The invocation, or undefined while SSM still answers InvocationDoesNotExist. */
async function getOrUndefined(ssm: SSMClient, CommandId: string, InstanceId: string) {
  try {
    return await ssm.send(new GetCommandInvocationCommand({ CommandId, InstanceId }));
  } catch (error) {
    if (error instanceof InvocationDoesNotExist) return undefined;
    throw error;
  }
}

export async function runShell(
  ssm: SSMClient,
  instanceIds: string[],
  commands: string[],
  extra: Partial<SendCommandCommandInput> = {},
): Promise<string> {
  const out = await ssm.send(
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: instanceIds,
      Parameters: { commands },
      TimeoutSeconds: 30,
      ...extra,
    }),
  );
  const id = out.Command?.CommandId;
  if (id === undefined) throw new Error('SendCommand returned no CommandId');
  return id;
}

/** A pid that is gone or a zombie (dead, not yet reaped by whoever inherited it). */
export function isDead(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

export function readPid(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** A process this test started, identified by pid AND start time (pids get reused). */
export interface Started {
  pid: number;
  startTime: string | undefined;
}

function startTimeOf(pid: number): string | undefined {
  try {
    // Field 22 of /proc/<pid>/stat, counted after the parenthesised command name.
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[19];
  } catch {
    return undefined;
  }
}

export function remember(pid: number): Started {
  return { pid, startTime: startTimeOf(pid) };
}

/** SIGKILLs a process we started if it still runs; never a stranger that reused its pid. */
export function killQuietly(started: Started | undefined): void {
  if (started?.startTime === undefined || startTimeOf(started.pid) !== started.startTime) return;
  try {
    process.kill(started.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
