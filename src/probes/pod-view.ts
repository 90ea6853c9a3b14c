type Json = Readonly<Record<string, unknown>>;

/** What the source check needs from a probe pod's status (core/v1 Pod, as JSON). */
export type PodView =
  | { readonly state: 'gone' }
  | { readonly state: 'pending'; readonly why: string }
  | { readonly state: 'running' }
  | { readonly state: 'cannot-start'; readonly why: string }
  | {
      readonly state: 'terminated';
      readonly exitCode: number;
      readonly reason: string;
      /** The termination message: the command's stderr (probe-command.sh). */
      readonly message: string;
    };

/**
 * Waiting reasons after which the kubelet will not run the command without someone
 * changing the image, the pull policy, the secrets or the spec: the probe cannot be evaluated.
 */
const CANNOT_START = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** The one container's state, else the pod's phase; undefined `pod` is a 404. */
export function viewOf(pod: unknown): PodView {
  if (pod === undefined) return { state: 'gone' };
  const status = at(pod, 'status');
  const container = first(at(status, 'containerStatuses'));
  const state = at(container, 'state');
  const terminated = at(state, 'terminated');
  if (terminated !== undefined) {
    return {
      state: 'terminated',
      exitCode: Number(at(terminated, 'exitCode') ?? -1),
      reason: text(at(terminated, 'reason')),
      message: text(at(terminated, 'message')),
    };
  }
  const waiting = at(state, 'waiting');
  const waitingReason = text(at(waiting, 'reason'));
  if (CANNOT_START.has(waitingReason)) {
    return { state: 'cannot-start', why: joined(waitingReason, at(waiting, 'message')) };
  }
  const phase = text(at(status, 'phase'));
  if (phase === 'Failed' || phase === 'Succeeded') {
    return { state: 'cannot-start', why: joined(`pod ${phase}`, at(status, 'message')) };
  }
  if (at(state, 'running') !== undefined) return { state: 'running' };
  return { state: 'pending', why: pendingWhy(status, waitingReason) };
}

/** "Unschedulable: 0/3 nodes are available …", "ContainerCreating", or the phase. */
function pendingWhy(status: unknown, waitingReason: string): string {
  const conditions = at(status, 'conditions');
  const scheduled = Array.isArray(conditions)
    ? (conditions as unknown[]).find((condition) => at(condition, 'type') === 'PodScheduled')
    : undefined;
  if (scheduled !== undefined && at(scheduled, 'status') === 'False') {
    return joined(text(at(scheduled, 'reason')) || 'not scheduled', at(scheduled, 'message'));
  }
  if (waitingReason !== '') return waitingReason;
  return `phase ${text(at(status, 'phase')) || 'Pending'}`;
}

function joined(reason: string, message: unknown): string {
  const said = text(message);
  return said === '' ? reason : `${reason}: ${said.slice(0, 300)}`;
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? (value as unknown[])[0] : undefined;
}

function at(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
