import type { PlannedCommand } from '../experiment/plan.js';
import type { Target } from '../experiment/types.js';

/** One inject that may have reached its hosts, and which of them are proven clean since. */
export interface UndoEntry {
  readonly unitId: string;
  /** Every instance ever sent this inject, whether SSM answered or not. */
  readonly instanceIds: readonly string[];
  readonly targets: readonly Target[];
  readonly deadlineMs: number;
}

/**
 * The undo stack (docs/design.md, phase 7): an inject is pushed *before* its SendCommand, since
 * a request can be accepted while its answer is lost, and a pending command can run late.
 * An entry leaves the stack only when every one of its instances proved clean.
 */
export class RevertLedger {
  private readonly entries: UndoEntry[] = [];
  private readonly clean = new Map<UndoEntry, Set<string>>();
  /** Instances AWS refused the inject for: nothing reached them (ADR 0157). */
  private readonly neverSent = new Map<UndoEntry, Set<string>>();

  push(command: PlannedCommand, deadlineMs: number): UndoEntry {
    const entry: UndoEntry = {
      unitId: command.unitId,
      instanceIds: [...command.instanceIds],
      targets: [...command.targets],
      deadlineMs,
    };
    this.entries.push(entry);
    this.clean.set(entry, new Set());
    this.neverSent.set(entry, new Set());
    return entry;
  }

  /** The entries with an instance not proven clean, most recent first (an undo stack). */
  pending(): readonly UndoEntry[] {
    return this.entries.filter((entry) => this.remaining(entry).length > 0).reverse();
  }

  /** The instances of an entry that still need a revert. */
  remaining(entry: UndoEntry): readonly string[] {
    const done = this.clean.get(entry) ?? new Set<string>();
    const refused = this.neverSent.get(entry) ?? new Set<string>();
    return entry.instanceIds.filter((id) => !done.has(id) && !refused.has(id));
  }

  /** AWS refused this inject outright: it reached none of its instances. */
  markNeverSent(entry: UndoEntry): void {
    for (const id of entry.instanceIds) this.neverSent.get(entry)?.add(id);
  }

  markClean(entry: UndoEntry, instanceId: string): void {
    this.clean.get(entry)?.add(instanceId);
  }

  get isEmpty(): boolean {
    return this.pending().length === 0;
  }

  /** Tasks sent an inject whose every instance is proven clean since: `reverted`. */
  revertedTasks(): readonly string[] {
    const clean = new Set<string>();
    const dirty = new Set<string>();
    for (const entry of this.entries) {
      const done = this.clean.get(entry);
      const refused = this.neverSent.get(entry);
      for (const target of entry.targets) {
        if (refused?.has(target.instanceId) === true) continue;
        (done?.has(target.instanceId) === true ? clean : dirty).add(target.taskArn);
      }
    }
    return [...clean].filter((task) => !dirty.has(task));
  }

  /** Every instance an inject may have reached (refused ones excluded), for the final log. */
  everyInstance(): readonly string[] {
    const sent = this.entries.flatMap((entry) =>
      entry.instanceIds.filter((id) => this.neverSent.get(entry)?.has(id) !== true),
    );
    return [...new Set(sent)].sort();
  }
}
