import { ChaosError, type ErrorCode } from '../errors/index.js';
import type { Logger } from '../log/logger.js';
import type { ProbeError } from './probe-error.js';
import type { CheckResult, ProbeDefinition } from './types.js';
import type { ProbeStage } from './verdicts.js';

const ERROR_CODES: Readonly<Record<ProbeDefinition['type'], ErrorCode>> = {
  httpProbe: 'HTTP_PROBE_ERROR',
  cmdProbe: 'CMD_PROBE_ERROR',
  k8sProbe: 'K8S_PROBE_ERROR',
  promProbe: 'PROM_PROBE_ERROR',
};

/** A probe that cannot run, as the run's Error: `CMD_PROBE_ERROR in phase chaos [probe x]`. */
export function probeChaosError(
  probe: ProbeDefinition,
  error: ProbeError,
  stage: ProbeStage,
): ChaosError {
  return new ChaosError({
    code: ERROR_CODES[probe.type],
    phase: stage,
    target: `probe ${probe.name}`,
    reason: error.reason,
    fix: error.fix,
    cause: error,
  });
}

/**
 * Litmus's comparator log line per try: with `verbosity: info` only the probe's first try
 * is logged, otherwise every one (litmus-go's `probeVerbosity != "info" || rc == 1`).
 */
export class TryLog {
  private readonly counts = new Map<string, number>();

  constructor(private readonly logger: Logger) {}

  record(probe: ProbeDefinition, attempt: number, result: CheckResult): void {
    const count = (this.counts.get(probe.name) ?? 0) + 1;
    this.counts.set(probe.name, count);
    if (probe.runProperties.verbosity === 'info' && count > 1) return;
    this.logger.info(`probe ${probe.name} try ${count}: ${result.description}`, {
      probe: probe.name,
      attempt,
      ok: result.ok,
    });
  }
}
