// Litmus objects as the ecosystem writes them (docs/reference/litmus.md) and a way to look at the
// API server's refusal (status code, reason, message) whatever form client-node gives it.
import { ApiException, type KubernetesObject } from '@kubernetes/client-node';

interface Named extends KubernetesObject {
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
}

export function chaosResult(
  namespace: string,
  name: string,
): Named & { spec: object; status: object } {
  return {
    apiVersion: 'litmuschaos.io/v1alpha1',
    kind: 'ChaosResult',
    metadata: {
      name,
      namespace,
      labels: { name, 'app.kubernetes.io/part-of': 'litmus', chaosUID: 'ehc-test-0000' },
    },
    spec: { engine: 'ehc-engine', experiment: 'ecs-container-http-reset-peer', instance: '' },
    status: {
      experimentStatus: { phase: 'Running', verdict: 'Awaited', probeSuccessPercentage: 'Awaited' },
      probeStatuses: [
        {
          name: 'ehc-http',
          type: 'httpProbe',
          mode: 'OnChaos',
          status: { verdict: 'Awaited', description: '' },
        },
      ],
      history: {
        passedRuns: 0,
        failedRuns: 0,
        stoppedRuns: 0,
        targets: [
          {
            name: 'arn:aws:ecs:eu-west-1:000000000000:task/ehc/0123',
            kind: 'ECSTask',
            chaosStatus: 'targeted',
          },
        ],
      },
    },
  };
}

export function chaosExperiment(namespace: string, scope: string): Named & { spec: object } {
  return {
    apiVersion: 'litmuschaos.io/v1alpha1',
    kind: 'ChaosExperiment',
    metadata: { name: 'ecs-container-http-reset-peer', namespace },
    spec: {
      definition: {
        scope,
        permissions: [
          {
            apiGroups: ['litmuschaos.io'],
            resources: ['chaosresults'],
            verbs: ['create', 'get', 'update'],
          },
        ],
        image: 'ecs-http-chaos:test',
        imagePullPolicy: 'IfNotPresent',
        args: ['run'],
        command: ['ecs-http-chaos'],
        env: [{ name: 'TOTAL_CHAOS_DURATION', value: '60' }],
        labels: { name: 'ecs-container-http-reset-peer' },
      },
    },
  };
}

export interface ApiFailure {
  readonly code: number;
  readonly reason: string;
  readonly message: string;
}

/** The rejection of `call` as the API server's Status; fails the test if it succeeded. */
export async function apiFailure(call: Promise<unknown>): Promise<ApiFailure> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof ApiException)) throw error;
    const status = asStatus(error.body);
    return { code: error.code, reason: status.reason ?? '', message: status.message ?? '' };
  }
  throw new Error('the API server accepted a request the test expected it to refuse');
}

function asStatus(body: unknown): { reason?: string; message?: string } {
  if (typeof body !== 'string') return body ?? {};
  try {
    return JSON.parse(body) as { reason?: string; message?: string };
  } catch {
    return { message: body };
  }
}
