import type { PlannedCommand } from '../experiment/plan.js';
import type { Target } from '../experiment/types.js';
import type { RevertLedger, UndoEntry } from './ledger.js';

/** One revert command, and the undo entries whose instances it carries. */
export interface RevertBatch {
  readonly command: PlannedCommand;
  readonly deadlineMs: number;
  readonly entries: readonly UndoEntry[];
}

export type RevertPacker = (
  unitId: string,
  instances: readonly (readonly [string, readonly Target[]])[],
) => PlannedCommand[];

/**
 * The pending entries, most recent first, as revert commands. Entries of one chaos id and
 * deadline (the commands of one step) are packed again with the revert's own build
 * (ADR 0223): the revert reaches the same hosts with about half the inject's commands.
 * Only the instances not yet proven clean go, each with the targets of its entries.
 */
export function revertBatches(ledger: RevertLedger, pack: RevertPacker): RevertBatch[] {
  const groups = new Map<string, UndoEntry[]>();
  for (const entry of ledger.pending()) {
    const key = `${entry.unitId} ${entry.deadlineMs}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return [...groups.values()].flatMap((entries) => {
    const [first] = entries;
    if (first === undefined) return [];
    return pack(first.unitId, instancesOf(ledger, entries)).map((command) => ({
      command,
      deadlineMs: first.deadlineMs,
      entries: entries.filter((entry) =>
        ledger.remaining(entry).some((id) => command.instanceIds.includes(id)),
      ),
    }));
  });
}

/** Each instance still to revert, once, with every target its entries name on it. */
function instancesOf(
  ledger: RevertLedger,
  entries: readonly UndoEntry[],
): (readonly [string, readonly Target[]])[] {
  const instances = new Map<string, Target[]>();
  for (const entry of entries) {
    for (const instanceId of ledger.remaining(entry)) {
      const own = entry.targets.filter((target) => target.instanceId === instanceId);
      const known = instances.get(instanceId) ?? [];
      const fresh = own.filter((target) => !known.some((seen) => sameTarget(seen, target)));
      instances.set(instanceId, [...known, ...fresh]);
    }
  }
  return [...instances];
}

const sameTarget = (a: Target, b: Target): boolean =>
  a.taskArn === b.taskArn && a.containerName === b.containerName;
