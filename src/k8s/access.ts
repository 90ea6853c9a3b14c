import type { KubeConfig } from '@kubernetes/client-node';
import type { AccessCheck } from '../probes/access.js';
import { RestClient } from './rest.js';

const REVIEW_PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
const REVIEW_TIMEOUT_MS = 10_000;

/**
 * SelfSubjectAccessReview, which every authenticated identity may create
 * (system:basic-user): whether this run's credentials may do `verb` on `resource` in the
 * namespace. Undefined when the server would not answer the review itself.
 */
export function accessReviewer(
  config: KubeConfig,
  namespace: string,
): (check: AccessCheck) => Promise<boolean | undefined> {
  const rest = new RestClient(config);
  return async (check) => {
    const [resource = '', subresource] = check.resource.split('/');
    const answer = await rest
      .send({
        method: 'POST',
        path: REVIEW_PATH,
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: {
              namespace,
              group: check.group,
              resource,
              ...(subresource === undefined ? {} : { subresource }),
              verb: check.verb,
            },
          },
        },
        signal: AbortSignal.timeout(REVIEW_TIMEOUT_MS),
      })
      .catch(() => undefined);
    if (answer === undefined || answer.status !== 201) return undefined;
    return (answer.body as { status?: { allowed?: unknown } }).status?.allowed === true;
  };
}
