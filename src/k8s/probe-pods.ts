import type { KubeConfig } from '@kubernetes/client-node';
import { ProbeError } from '../probes/probe-error.js';
import type { ProbePodPort } from '../probes/source-check.js';
import { RestClient, serverSaid, type RestAnswer, type RestCall } from './rest.js';
import { messageOf } from '../core/message.js';

/** The chart value that grants what probe pods need (docs/decisions/0160). */
export const SOURCE_PROBES_VALUE = 'probes.source.enabled=true';

/**
 * A cmdProbe's source pods in CHAOS_NAMESPACE: create, read, log, delete. Any refusal is a
 * ProbeError (the probe cannot be evaluated: an Error, never a failure blamed on the
 * target); a 403 names the verb, the resource and the chart value that grants it.
 */
export class ProbePods implements ProbePodPort {
  private readonly rest: RestClient;

  constructor(
    config: KubeConfig,
    private readonly namespace: string,
  ) {
    this.rest = new RestClient(config);
  }

  async create(pod: Readonly<Record<string, unknown>>, signal: AbortSignal): Promise<void> {
    const answer = await this.call({ method: 'POST', path: this.path(), body: pod, signal });
    if (answer.status === 201 || answer.status === 200) return;
    throw this.refused(answer, 'create', 'pods');
  }

  async read(name: string, signal: AbortSignal): Promise<unknown> {
    const answer = await this.call({ method: 'GET', path: this.path(name), signal });
    if (answer.status === 404) return undefined;
    if (answer.status === 200) return answer.body;
    throw this.refused(answer, 'get', 'pods');
  }

  async remove(name: string, signal: AbortSignal): Promise<void> {
    const answer = await this.call({
      method: 'DELETE',
      path: this.path(name),
      body: { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 },
      signal,
    });
    if ([200, 202, 404].includes(answer.status)) return;
    throw this.refused(answer, 'delete', 'pods');
  }

  async log(name: string, container: string, signal: AbortSignal): Promise<string> {
    const query = new URLSearchParams({ container });
    const answer = await this.call({
      method: 'GET',
      path: `${this.path(name)}/log?${query.toString()}`,
      signal,
    });
    if (answer.status === 200) return answer.text;
    throw this.refused(answer, 'get', 'pods/log');
  }

  /** A network failure is no verdict on the target either; an abort stays an abort. */
  private async call(request: RestCall): Promise<RestAnswer> {
    try {
      return await this.rest.send(request);
    } catch (error) {
      if (request.signal.aborted) throw error;
      throw new ProbeError(
        `the Kubernetes API could not be reached for a probe pod: ${messageOf(error)}`,
        'Check that the API server is reachable from the experiment pod',
      );
    }
  }

  private path(name?: string): string {
    const base = `/api/v1/namespaces/${encodeURIComponent(this.namespace)}/pods`;
    return name === undefined ? base : `${base}/${encodeURIComponent(name)}`;
  }

  private refused(answer: RestAnswer, verb: string, resource: string): ProbeError {
    const said = serverSaid(answer);
    // RBAC's words; a 403 from admission (PodSecurity, a policy engine) is another matter.
    if (answer.status === 403 && said.includes(`cannot ${verb} resource`)) {
      return new ProbeError(
        `forbidden: ${verb} ${resource} (${said})`,
        `Set the chart value ${SOURCE_PROBES_VALUE} (it grants the experiment's ServiceAccount create and delete on pods and get on pods/log in namespace ${this.namespace}; the run's Role already reads pods), or grant "${verb}" on "${resource}" in its Role`,
      );
    }
    const words = said === `HTTP ${answer.status}` ? '' : `: ${said}`;
    return new ProbeError(
      `${verb} ${resource} refused (HTTP ${answer.status})${words}`,
      'See the server message: an invalid field, or an admission rule (PodSecurity, a policy engine) refusing the pod cmdProbe/inputs.source describes (privileged, hostNetwork, image)',
    );
  }
}
