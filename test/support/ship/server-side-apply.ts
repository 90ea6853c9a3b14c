// A server-side apply dry run (PATCH application/apply-patch+yaml, dryRun=All) with
// fieldValidation=Strict, so the API server refuses unknown or duplicate fields instead of
// dropping them. The object's own JSON is sent as is: client-node's typed serializer would
// silently drop a misspelled field of a built-in kind before the server could see it.
import {
  createConfiguration,
  HttpMethod,
  KubernetesObjectApi,
  PatchStrategy,
  ServerConfiguration,
  type KubeConfig,
  type KubernetesObject,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';

export const FIELD_MANAGER = 'ehc-ship-test';

export async function dryRunApply(
  kubeConfig: KubeConfig,
  object: KubernetesObject,
): Promise<KubernetesObject> {
  const cluster = kubeConfig.getCurrentCluster();
  if (cluster === null) throw new Error('the kubeconfig has no current cluster');
  const body = JSON.stringify(object);
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kubeConfig },
    promiseMiddleware: [
      {
        pre: (context: RequestContext) => {
          // Discovery GETs pass untouched; only the apply itself is rewritten.
          if (context.getHttpMethod() === HttpMethod.PATCH) {
            context.setQueryParam('fieldValidation', 'Strict');
            context.setBody(body);
          }
          return Promise.resolve(context);
        },
        post: (response: ResponseContext) => Promise.resolve(response),
      },
    ],
  });
  const client = new KubernetesObjectApi(configuration);
  return client.patch(object, undefined, 'All', FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
}
