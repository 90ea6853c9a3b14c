import type { ProbeReport } from './outcome.js';
import type { ProbeStatus } from './types.js';

/** passed × 100 / probes, integer division; "0" when there are no probes. */
export function percentage(statuses: readonly ProbeStatus[]): string {
  if (statuses.length === 0) return '0';
  const passedCount = statuses.filter((probe) => probe.status.verdict === 'Passed').length;
  return String(Math.floor((passedCount * 100) / statuses.length));
}

const FAILURE_CODES = {
  httpProbe: 'HTTP_PROBE_FAILURE',
  cmdProbe: 'CMD_PROBE_FAILURE',
  k8sProbe: 'K8S_PROBE_FAILURE',
  promProbe: 'PROM_PROBE_FAILURE',
} as const;

export function probeFailureCode(
  input: { readonly probes: ProbeReport },
  name: string | undefined,
): string {
  const probe = input.probes.statuses.find((status) => status.name === name);
  return probe === undefined ? 'HTTP_PROBE_FAILURE' : FAILURE_CODES[probe.type];
}
