import { inlineCmdCheck } from './cmd-check.js';
import { describeHttpError, send } from './http-request.js';
import { k8sCheck, type K8sProbePort } from './k8s-check.js';
import type { ProbeCheck } from './evaluate.js';
import { ProbeError } from './probe-error.js';
import { sourceCheck, type SourceCheckDeps } from './source-check.js';
import type {
  CheckResult,
  CmdProbeInputs,
  HttpProbeInputs,
  ProbeDefinition,
  PromProbeInputs,
} from './types.js';

export interface CheckDeps {
  /** Undefined without a Kubernetes API: k8sProbes are refused before the run. */
  readonly k8s: K8sProbePort | undefined;
  /** Probe pods for cmdProbes with `source`; undefined without a Kubernetes API (refused too). */
  readonly source: SourceCheckDeps | undefined;
}

const OUTPUT_MAX = 1024 * 1024;

/** The one try of each probe type; every outcome of the target is a CheckResult. */
export function checkFor(probe: ProbeDefinition, deps: CheckDeps): ProbeCheck {
  switch (probe.type) {
    case 'httpProbe':
      return (signal) => httpCheck(probe.inputs, signal);
    case 'cmdProbe':
      return cmdCheckFor(probe.inputs, probe.runProperties.probeTimeoutMs, deps);
    case 'promProbe':
      return (signal) => promCheck(probe.inputs, signal);
    case 'k8sProbe':
      return (signal) => k8sCheck(probe.inputs, deps.k8s, signal);
  }
}

/** `bodyPath` and `queryPath` were read into `body` and `query` when the probes loaded. */
async function httpCheck(inputs: HttpProbeInputs, signal: AbortSignal): Promise<CheckResult> {
  const body = inputs.body;
  try {
    const answer = await send(
      {
        url: inputs.url,
        method: inputs.method,
        headers: inputs.contentType === undefined ? {} : { 'content-type': inputs.contentType },
        ...(body === undefined ? {} : { body }),
        insecureSkipVerify: inputs.insecureSkipVerify,
      },
      signal,
    );
    const verdict = inputs.comparator.test(String(answer.status));
    return {
      ok: verdict.ok,
      description: `${inputs.method} ${inputs.url}: status ${verdict.description}`,
    };
  } catch (error) {
    // A reset, a refusal, a timeout: the target failed the probe (litmus#5351).
    return {
      ok: false,
      description: `${inputs.method} ${inputs.url}: ${describeHttpError(error)}`,
    };
  }
}

/** Inline in the experiment pod, or once per try in a pod of `source.image` (ADR 0160). */
function cmdCheckFor(inputs: CmdProbeInputs, probeTimeoutMs: number, deps: CheckDeps): ProbeCheck {
  const source = inputs.source;
  if (source === undefined) return (signal) => inlineCmdCheck(inputs, signal);
  if (deps.source === undefined) {
    return () =>
      Promise.reject(
        new ProbeError(
          'a cmdProbe with source needs the Kubernetes API, and none is configured',
          'Run in a cluster or set KUBECONFIG, or remove source to run the command inline',
        ),
      );
  }
  return sourceCheck(inputs, source, probeTimeoutMs, deps.source);
}

async function promCheck(inputs: PromProbeInputs, signal: AbortSignal): Promise<CheckResult> {
  const query = inputs.query ?? '';
  const url = new URL(
    'api/v1/query',
    inputs.endpoint.endsWith('/') ? inputs.endpoint : `${inputs.endpoint}/`,
  );
  url.searchParams.set('query', query);
  let answer;
  try {
    answer = await send({ url: url.toString(), method: 'GET', keepBytes: OUTPUT_MAX }, signal);
  } catch (error) {
    return {
      ok: false,
      description: `Prometheus at ${inputs.endpoint}: ${describeHttpError(error)}`,
    };
  }
  const value = sampleOf(answer.status, answer.body);
  if (typeof value !== 'string')
    return { ok: false, description: `query ${JSON.stringify(query)}: ${value.problem}` };
  const verdict = inputs.comparator.test(value);
  return { ok: verdict.ok, description: `query ${JSON.stringify(query)}: ${verdict.description}` };
}

/** The one value of a Prometheus instant query: a scalar, or a vector of exactly one sample. */
export function sampleOf(status: number, body: string): string | { readonly problem: string } {
  let parsed: {
    status?: unknown;
    error?: unknown;
    data?: { resultType?: unknown; result?: unknown };
  };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return { problem: `HTTP ${status} with a body that is not JSON` };
  }
  if (parsed.status !== 'success')
    return { problem: `Prometheus answered ${String(parsed.status)}: ${String(parsed.error)}` };
  const { resultType, result } = parsed.data ?? {};
  if (resultType === 'scalar' && Array.isArray(result)) return String(result[1]);
  if (resultType !== 'vector' || !Array.isArray(result))
    return { problem: `unsupported result type ${String(resultType)}` };
  if (result.length !== 1) return { problem: `expected exactly one sample, got ${result.length}` };
  const sample = result[0] as { value?: unknown };
  return Array.isArray(sample.value)
    ? String(sample.value[1])
    : { problem: 'sample without a value' };
}
