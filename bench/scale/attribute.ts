/**
 * What one scale run cost, read from the emulator's request log and the executor's log
 * (bench/README.md "Scale"): API calls per phase and action, SendCommand count and size,
 * throttles. Calls about a command (SendCommand, List/GetCommandInvocation, CancelCommand)
 * belong to the phase of that command's mode (its Comment says `ecs-http-chaos <mode>`);
 * every other call to the phase of the first executor log line written at or after it,
 * since each phase logs when its work is done.
 */

/** The request-log fields this needs (sandbox/emulator/request-log.ts). */
export interface CallRecord {
  readonly at: number;
  readonly action: string;
  readonly input: unknown;
  readonly errorCode: string | undefined;
}

export interface PhaseMark {
  readonly at: number;
  readonly phase: string;
}

export interface SendStats {
  count: number;
  maxBytes: number;
  totalBytes: number;
}

export interface Costs {
  /** phase → action (without the service prefix for SSM/ECS) → calls, throttled ones included. */
  readonly calls: Record<string, Record<string, number>>;
  readonly sends: Record<string, SendStats>;
  /** phase → action → ThrottlingException answers. */
  readonly throttles: Record<string, Record<string, number>>;
}

const MODE_PHASE: Readonly<Record<string, string>> = {
  inject: 'inject',
  revert: 'revert',
  status: 'chaos',
};

export const field = (input: unknown, key: string): unknown =>
  typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined;

/** `ecs-http-chaos inject exp-1` → inject. */
export function modeOfComment(comment: unknown): string | undefined {
  const match = typeof comment === 'string' ? /^ecs-http-chaos ([a-z]+) /.exec(comment) : null;
  return match?.[1];
}

/** Bytes of the `commands` parameter as JSON: what SSM_COMMAND_MAX_BYTES budgets. */
export function commandBytes(input: unknown): number {
  const commands = field(field(input, 'Parameters'), 'commands');
  return Buffer.byteLength(JSON.stringify(commands ?? []), 'utf8');
}

function phaseAt(at: number, marks: readonly PhaseMark[]): string {
  return marks.find((mark) => mark.at >= at)?.phase ?? 'after';
}

function bump(table: Record<string, Record<string, number>>, phase: string, action: string) {
  const row = (table[phase] ??= {});
  row[action] = (row[action] ?? 0) + 1;
}

export function attribute(records: readonly CallRecord[], marks: readonly PhaseMark[]): Costs {
  const costs: Costs = { calls: {}, sends: {}, throttles: {} };
  const sorted = [...marks].sort((a, b) => a.at - b.at);
  for (const record of records) {
    const action = record.action.replace(/^[a-z]+:/, '');
    const mode = modeOfComment(field(record.input, 'Comment'));
    const phase = mode === undefined ? phaseAt(record.at, sorted) : (MODE_PHASE[mode] ?? mode);
    if (action === 'SendCommand') addSend(costs, phase, commandBytes(record.input));
    bump(costs.calls, phase, action);
    if (record.errorCode === 'ThrottlingException') bump(costs.throttles, phase, action);
  }
  return costs;
}

function addSend(costs: Costs, phase: string, bytes: number): void {
  const stats = (costs.sends[phase] ??= { count: 0, maxBytes: 0, totalBytes: 0 });
  stats.count += 1;
  stats.maxBytes = Math.max(stats.maxBytes, bytes);
  stats.totalBytes += bytes;
}

/**
 * Calls naming a CommandId get that command's Comment (from the emulator's commands), so
 * they count in the phase of its mode.
 */
export function withCommandModes(
  records: readonly CallRecord[],
  commands: readonly { commandId: string; comment: string }[],
): CallRecord[] {
  const modes = new Map(commands.map((c) => [c.commandId, c.comment]));
  return records.map((record) => {
    const commandId = field(record.input, 'CommandId');
    const comment = typeof commandId === 'string' ? modes.get(commandId) : undefined;
    if (comment === undefined) return record;
    return { ...record, input: { ...(record.input as object), Comment: comment } };
  });
}

export function totalCalls(row: Record<string, number> | undefined): number {
  return Object.values(row ?? {}).reduce((sum, n) => sum + n, 0);
}
