/**
 * The Run Command service side: commands and their invocations, kept for the test's
 * lifetime. Invocations become visible to GetCommandInvocation/ListCommandInvocations
 * only a short while after SendCommand, as SSM is eventually consistent there.
 */
import { randomUUID } from 'node:crypto';
import type { Knobs } from '../knobs.js';
import type { EmulatedAgents } from './agent.js';
import { Invocation, type CommandRecord } from './invocation.js';

export type SendRequest = Omit<CommandRecord, 'commandId' | 'requestedAt' | 'invocations'>;

export class CommandService {
  private readonly commands = new Map<string, CommandRecord>();

  constructor(
    private readonly agents: EmulatedAgents,
    private readonly knobs: Knobs,
    private readonly now: () => number = Date.now,
  ) {}

  send(request: SendRequest): CommandRecord {
    const requestedAt = this.now();
    const record: CommandRecord = {
      ...request,
      commandId: randomUUID(),
      requestedAt,
      invocations: new Map(),
    };
    const visibleAt = requestedAt + this.knobs.invocationVisibilityMs;
    for (const instanceId of request.instanceIds) {
      record.invocations.set(instanceId, new Invocation(record, instanceId, visibleAt));
    }
    this.commands.set(record.commandId, record);
    for (const invocation of record.invocations.values()) this.agents.dispatch(invocation);
    return record;
  }

  command(commandId: string): CommandRecord | undefined {
    return this.commands.get(commandId);
  }

  /** Every command sent so far, oldest first (for tests). */
  all(): CommandRecord[] {
    return [...this.commands.values()];
  }

  isVisible(invocation: Invocation): boolean {
    return this.now() >= invocation.visibleAt;
  }

  /** Visible invocations, newest command first as ListCommandInvocations returns them. */
  visibleInvocations(): Invocation[] {
    return this.all()
      .reverse()
      .flatMap((command) => [...command.invocations.values()])
      .filter((invocation) => this.isVisible(invocation));
  }

  async cancel(record: CommandRecord, instanceIds: string[]): Promise<void> {
    const targets = instanceIds.length === 0 ? record.instanceIds : instanceIds;
    const invocations = targets
      .map((id) => record.invocations.get(id))
      .filter((invocation): invocation is Invocation => invocation !== undefined);
    await Promise.all(invocations.map((invocation) => this.agents.cancel(invocation)));
  }

  /** Resolves once every invocation of the command reached a terminal status. */
  async settled(commandId: string, timeoutMs = 30_000): Promise<CommandRecord> {
    const record = this.commands.get(commandId);
    if (record === undefined) throw new Error(`emulator: no command ${commandId}`);
    const deadline = this.now() + timeoutMs;
    while ([...record.invocations.values()].some((invocation) => !invocation.terminal)) {
      if (this.now() > deadline) throw new Error(`emulator: command ${commandId} still running`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return record;
  }

  shutdown(): Promise<void> {
    return this.agents.shutdown();
  }
}
