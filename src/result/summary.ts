import { evidenceWarning } from './evidence.js';
import type { Outcome } from './outcome.js';
import type { ResultDraft } from './render.js';
import type { TargetEvidence } from './types.js';

/** The few lines a person running without Kubernetes reads on stderr at the end. */
export function summaryLines(
  where: { readonly location: string; readonly identity: { readonly resultName: string } },
  draft: ResultDraft,
  outcome: Outcome,
): string[] {
  const { phase, verdict, probeSuccessPercentage, errorOutput } = outcome.experimentStatus;
  const lines = [
    `ChaosResult ${where.identity.resultName}: verdict ${verdict}, phase ${phase}, probe success ${probeSuccessPercentage}% (written to ${where.location})`,
  ];
  for (const probe of outcome.probeStatuses) {
    lines.push(
      `  probe ${probe.name} (${probe.type}, ${probe.mode}): ${probe.status.verdict}: ${probe.status.description}`,
    );
  }
  const evidence = new Map(draft.evidence?.targets.map((target) => [target.name, target]));
  for (const target of draft.targets) {
    const seen = evidence.get(target.name);
    const counts =
      seen?.connections === undefined
        ? 'no counters'
        : `connections ${seen.connections}, resets ${seen.resets ?? 0}`;
    lines.push(`  target ${target.name}: ${target.chaosStatus}, ${counts}${heldWords(seen)}`);
  }
  const warning = draft.evidence === undefined ? undefined : evidenceWarning(draft.evidence);
  if (warning !== undefined) lines.push(`  warning: ${warning}`);
  if (errorOutput !== undefined) lines.push(`  ${errorOutput.errorCode}: ${errorOutput.reason}`);
  lines.push(`  exit code ${outcome.exitCode}`);
  return lines;
}

/** ADR 0140: only a fault that did not hold is worth words here. */
function heldWords(seen: TargetEvidence | undefined): string {
  if (seen?.faultHeld === 'unknown') return `; fault held: unknown (${seen.holdReason ?? ''})`;
  if (seen?.faultHeld !== 'stopped-early') return '';
  return `; the fault stopped early${seen.stoppedAt === undefined ? '' : ` at ${seen.stoppedAt}`}: ${seen.holdReason ?? ''}`;
}
