import type { CheckResult, K8sProbeInputs, K8sResourceRef } from './types.js';
import { messageOf } from '../core/message.js';

/** What a k8sProbe needs from the Kubernetes API (src/k8s/ implements it). */
export interface K8sProbePort {
  /** Names of the objects matching the selectors. */
  list(
    ref: K8sResourceRef,
    selectors: { readonly fieldSelector: string; readonly labelSelector: string },
    signal: AbortSignal,
  ): Promise<readonly string[]>;
  exists(ref: K8sResourceRef, name: string, signal: AbortSignal): Promise<boolean>;
  create(
    ref: K8sResourceRef,
    manifest: Readonly<Record<string, unknown>>,
    signal: AbortSignal,
  ): Promise<string>;
  remove(ref: K8sResourceRef, name: string, signal: AbortSignal): Promise<void>;
}

/**
 * Litmus's operations: present / absent (by resourceNames, else by selectors), create
 * (from `data`), delete (the named or selected objects; none found is a failure).
 * An API refusal is a failed try with the server's words, not an experiment error.
 */
export async function k8sCheck(
  inputs: K8sProbeInputs,
  port: K8sProbePort | undefined,
  signal: AbortSignal,
): Promise<CheckResult> {
  if (port === undefined)
    return { ok: false, description: 'no Kubernetes API to run a k8sProbe against' };
  const what = `${inputs.resource}${inputs.group === '' ? '' : `.${inputs.group}`}/${inputs.version}${inputs.namespace === '' ? '' : ` in ${inputs.namespace}`}`;
  try {
    return await OPERATIONS[inputs.operation](inputs, port, signal, what);
  } catch (error) {
    return {
      ok: false,
      description: `${inputs.operation} ${what}: ${messageOf(error)}`,
    };
  }
}

type Operation = (
  inputs: K8sProbeInputs,
  port: K8sProbePort,
  signal: AbortSignal,
  what: string,
) => Promise<CheckResult>;

async function matching(
  inputs: K8sProbeInputs,
  port: K8sProbePort,
  signal: AbortSignal,
): Promise<readonly string[]> {
  if (inputs.resourceNames.length === 0) return port.list(inputs, inputs, signal);
  const found: string[] = [];
  for (const name of inputs.resourceNames)
    if (await port.exists(inputs, name, signal)) found.push(name);
  return found;
}

const selection = (inputs: K8sProbeInputs): string =>
  inputs.resourceNames.length > 0
    ? `named ${inputs.resourceNames.join(',')}`
    : `matching labels "${inputs.labelSelector}" fields "${inputs.fieldSelector}"`;

const OPERATIONS: Readonly<Record<K8sProbeInputs['operation'], Operation>> = {
  present: async (inputs, port, signal, what) => {
    const found = await matching(inputs, port, signal);
    const wanted = inputs.resourceNames.length === 0 ? 1 : inputs.resourceNames.length;
    return {
      ok: found.length >= wanted && found.length > 0,
      description: `${found.length} ${what} ${selection(inputs)} present${found.length > 0 ? ` (${found.slice(0, 5).join(', ')})` : ''}`,
    };
  },
  absent: async (inputs, port, signal, what) => {
    const found = await matching(inputs, port, signal);
    return {
      ok: found.length === 0,
      description:
        found.length === 0
          ? `no ${what} ${selection(inputs)}`
          : `${found.length} ${what} still present (${found.slice(0, 5).join(', ')})`,
    };
  },
  create: async (inputs, port, signal, what) => {
    const name = await port.create(inputs, inputs.data ?? {}, signal);
    return { ok: true, description: `created ${what} ${name}` };
  },
  delete: async (inputs, port, signal, what) => {
    const found = await matching(inputs, port, signal);
    if (found.length === 0)
      return { ok: false, description: `no ${what} ${selection(inputs)} to delete` };
    for (const name of found) await port.remove(inputs, name, signal);
    return {
      ok: true,
      description: `deleted ${found.length} ${what} (${found.slice(0, 5).join(', ')})`,
    };
  },
};
