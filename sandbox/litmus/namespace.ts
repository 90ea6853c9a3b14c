// A namespace as a platform team prepares it (docs/decisions/0183): the AWS credentials
// Secret, then `helm install` of the chart (ChaosExperiment, ServiceAccount, Role,
// RoleBinding) with the image of this checkout and that Secret named; optionally the Role
// minus one permission, to prove the permission is needed.
/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- client-node's
   models are plain data classes: its serializer reads their fields, never their prototype. */
import {
  AuthorizationV1Api,
  CoreV1Api,
  RbacAuthorizationV1Api,
  type V1PolicyRule,
} from '@kubernetes/client-node';
import {
  createNamespace,
  withoutPermission,
  type RoleRule,
  type Without,
} from '../kube/identities.js';
import { waitUntil } from '../kube/wait.js';
import { chartDir, helm } from '../kube/helm.js';
import type { LitmusWorld } from './world.js';

export const EXPERIMENT = 'ecs-container-http-reset-peer';
export const SERVICE_ACCOUNT = 'ecs-container-http-reset-peer-sa';
export const SECRET = 'aws-credentials';
/** Any key works with the emulator; the run reads it from the mounted Secret. */
const CREDENTIALS =
  '[default]\naws_access_key_id = AKIAEHCE2ELITMUS0001\naws_secret_access_key = not-a-secret\n';

export interface ChartNamespace {
  readonly namespace: string;
  /** The Role's rules as applied (the chart's, maybe minus one permission). */
  readonly rules: readonly RoleRule[];
}

async function helmInstall(world: LitmusWorld, namespace: string): Promise<void> {
  const kubeconfig = await world.node.api.writeKubeconfig(world.node.api.adminToken);
  const image = world.image;
  const colon = image.lastIndexOf(':');
  const outcome = await helm([
    'install',
    'ecs-http-chaos',
    chartDir(),
    '--namespace',
    namespace,
    '--kubeconfig',
    kubeconfig,
    '--set-json',
    `image.repository=${JSON.stringify(image.slice(0, colon))}`,
    '--set-json',
    `image.tag=${JSON.stringify(image.slice(colon + 1))}`,
    '--set-json',
    `env.AWS_AUTHENTICATION_SECRET=${JSON.stringify(SECRET)}`,
  ]);
  if (outcome.code !== 0) throw new Error(`helm install failed: ${outcome.stderr}`);
}

/** Whether the API server's authorizer lets the chart's ServiceAccount do it. */
async function allowed(world: LitmusWorld, namespace: string, without: Without): Promise<boolean> {
  const [plural = '', group = ''] = without.resource.split(/\.(.*)/s);
  const review = await world.node.api.admin
    .makeApiClient(AuthorizationV1Api)
    .createSubjectAccessReview({
      body: {
        spec: {
          user: `system:serviceaccount:${namespace}:${SERVICE_ACCOUNT}`,
          groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`],
          resourceAttributes: { namespace, group, resource: plural, verb: without.verb },
        },
      },
    });
  return review.status?.allowed === true;
}

async function takeAway(world: LitmusWorld, namespace: string, without: Without) {
  const rbac = world.node.api.admin.makeApiClient(RbacAuthorizationV1Api);
  const role = await rbac.readNamespacedRole({ namespace, name: EXPERIMENT });
  const rules = withoutPermission(role, without);
  role.rules = rules.map((rule) => JSON.parse(JSON.stringify(rule)) as V1PolicyRule);
  await rbac.replaceNamespacedRole({ namespace, name: EXPERIMENT, body: role });
  await waitUntil(
    `RBAC refuses ${without.verb} ${without.resource} in ${namespace}`,
    async () => !(await allowed(world, namespace, without)),
    { timeoutMs: 15_000 },
  );
  return rules;
}

export async function chartNamespace(
  world: LitmusWorld,
  label: string,
  without?: Without,
): Promise<ChartNamespace> {
  const admin = world.node.api.admin;
  const namespace = await createNamespace(admin, label);
  await admin.makeApiClient(CoreV1Api).createNamespacedSecret({
    namespace,
    body: { metadata: { name: SECRET }, stringData: { 'cloud_config.yml': CREDENTIALS } },
  });
  await helmInstall(world, namespace);
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  if (without !== undefined) return { namespace, rules: await takeAway(world, namespace, without) };
  const role = await rbac.readNamespacedRole({ namespace, name: EXPERIMENT });
  return { namespace, rules: (role.rules ?? []) as RoleRule[] };
}
