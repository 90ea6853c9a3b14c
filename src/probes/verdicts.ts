import type { ProbeReport } from '../result/outcome.js';
import type { ProbeStatus, ProbeVerdict } from '../result/types.js';
import type { CheckResult, ProbeDefinition } from './types.js';

export type ProbeStage = 'pre-chaos' | 'chaos' | 'post-chaos';

/**
 * Probe verdicts as Litmus's markedVerdictInEnd sets them: a failure is final; an Edge
 * probe's pass before chaos is only remembered (Awaited) and counts when it passes again
 * after; the first failing stopOnFailure probe stops the run.
 */
export class ProbeVerdicts {
  private readonly statuses = new Map<string, ProbeStatus>();
  private stoppedBy: { name: string; description: string } | undefined;

  constructor(private readonly probes: readonly ProbeDefinition[]) {
    for (const probe of probes) this.set(probe, 'Awaited', 'Awaited');
  }

  /** Returns true when this result stops the run (a stopOnFailure probe failed first). */
  record(probe: ProbeDefinition, result: CheckResult, stage: ProbeStage): boolean {
    const current = this.statuses.get(probe.name)?.status.verdict;
    if (current === 'Failed') return false;
    if (!result.ok) {
      this.set(probe, 'Failed', `failed ${stage}: ${result.description}`);
      if (probe.runProperties.stopOnFailure && this.stoppedBy === undefined) {
        this.stoppedBy = { name: probe.name, description: result.description };
        return true;
      }
      return false;
    }
    const edgeFirstHalf = probe.mode === 'Edge' && stage === 'pre-chaos';
    this.set(
      probe,
      edgeFirstHalf ? 'Awaited' : 'Passed',
      edgeFirstHalf
        ? `passed pre-chaos (${result.description}); evaluated again post-chaos`
        : result.description,
    );
    return false;
  }

  get stopped(): boolean {
    return this.stoppedBy !== undefined;
  }

  list(): ProbeStatus[] {
    return this.probes.map((probe) => this.statuses.get(probe.name) as ProbeStatus);
  }

  report(): ProbeReport {
    return {
      statuses: this.list(),
      ...(this.stoppedBy === undefined ? {} : { stoppedBy: this.stoppedBy }),
    };
  }

  private set(probe: ProbeDefinition, verdict: ProbeVerdict, description: string): void {
    const { name, type, mode } = probe;
    this.statuses.set(name, { name, type, mode, status: { verdict, description } });
  }
}
