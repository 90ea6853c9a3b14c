// Namespaces and ServiceAccounts for tests that act "as" a workload: a ServiceAccount bound
// to a Role, with a token from the TokenRequest API, so RBAC decides every request.
/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- client-node's
   models are plain data classes: its serializer reads their fields, never their prototype. */
import {
  AuthorizationV1Api,
  CoreV1Api,
  RbacAuthorizationV1Api,
  type KubeConfig,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { KubeApi } from './api-server.js';
import { repositoryRoot } from './paths.js';
import { waitUntil } from './wait.js';

/** One rule of a Role (rbac.authorization.k8s.io/v1 PolicyRule). */
export interface RoleRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
}

export interface Without {
  readonly verb: string;
  /** Plural with its group when not core: `chaosresults.litmuschaos.io`, `events`. */
  readonly resource: string;
}

const resourceOf = (rule: RoleRule): string =>
  rule.apiGroups[0] === ''
    ? (rule.resources[0] ?? '')
    : `${rule.resources[0] ?? ''}.${rule.apiGroups[0] ?? ''}`;

/** The Role with one verb of one rule taken away (a rule left with no verb goes). */
export function withoutPermission(role: KubernetesObject, without: Without): RoleRule[] {
  const rules = (role as KubernetesObject & { rules: RoleRule[] }).rules;
  const changed = rules
    .map((rule) =>
      resourceOf(rule) === without.resource
        ? { ...rule, verbs: rule.verbs.filter((verb) => verb !== without.verb) }
        : rule,
    )
    .filter((rule) => rule.verbs.length > 0);
  if (JSON.stringify(changed) === JSON.stringify(rules)) {
    throw new Error(`the chart's Role has no "${without.verb}" on ${without.resource}`);
  }
  return changed;
}

/** Every (verb, resource) the chart's Role grants. */
export function permissionsOf(rules: readonly RoleRule[]): Without[] {
  return rules.flatMap((rule) => rule.verbs.map((verb) => ({ verb, resource: resourceOf(rule) })));
}

/** The Role's rules, read from the fixture the chart ships (synchronously: jest tables need them). */
export function shippedRules(): RoleRule[] {
  const path = join(repositoryRoot(), 'test', 'fixtures', 'rbac', 'role.yaml');
  return (parse(readFileSync(path, 'utf8')) as { rules: RoleRule[] }).rules;
}

/** A namespace unique to this process and label (names are DNS labels: ≤ 63 chars). */
export async function createNamespace(admin: KubeConfig, label: string): Promise<string> {
  const name = `ehc-${label}-${process.pid}-${Date.now().toString(36)}`.toLowerCase().slice(0, 63);
  await admin.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name } } });
  return name;
}

export async function createServiceAccount(
  admin: KubeConfig,
  namespace: string,
  name: string,
): Promise<void> {
  await admin
    .makeApiClient(CoreV1Api)
    .createNamespacedServiceAccount({ namespace, body: { metadata: { name, namespace } } });
}

/** A bound token minted by the API server for the ServiceAccount (TokenRequest API). */
export async function serviceAccountToken(
  admin: KubeConfig,
  namespace: string,
  name: string,
  expirationSeconds = 3600,
): Promise<string> {
  const request = await admin.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({
    name,
    namespace,
    body: { spec: { audiences: [], expirationSeconds } },
  });
  const token = request.status?.token;
  if (token === undefined || token === '')
    throw new Error(`TokenRequest for ${namespace}/${name} gave no token`);
  return token;
}

/** A Role with exactly these rules, bound to the ServiceAccount. */
export async function bindRole(
  admin: KubeConfig,
  namespace: string,
  serviceAccount: string,
  rules: readonly RoleRule[],
): Promise<string> {
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  const roleName = `${serviceAccount}-role`;
  await rbac.createNamespacedRole({
    namespace,
    body: {
      metadata: { name: roleName },
      rules: rules.map((rule) => ({
        apiGroups: [...rule.apiGroups],
        resources: [...rule.resources],
        verbs: [...rule.verbs],
        ...(rule.resourceNames === undefined ? {} : { resourceNames: [...rule.resourceNames] }),
      })),
    },
  });
  await rbac.createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name: roleName },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount, namespace }],
    },
  });
  return roleName;
}

export interface ServiceAccountIdentity {
  readonly namespace: string;
  readonly name: string;
  /** system:serviceaccount:<namespace>:<name> */
  readonly username: string;
  readonly token: string;
  readonly config: KubeConfig;
}

/**
 * A ServiceAccount bound to a Role of exactly `rules`, ready to use: returns once the
 * authorizer (which learns of new bindings through a watch) allows the first rule.
 */
export async function serviceAccountWithRole(
  api: KubeApi,
  namespace: string,
  name: string,
  rules: readonly RoleRule[],
): Promise<ServiceAccountIdentity> {
  await createServiceAccount(api.admin, namespace, name);
  await bindRole(api.admin, namespace, name, rules);
  const token = await serviceAccountToken(api.admin, namespace, name);
  const config = api.kubeConfigFor(token);
  const first = rules[0];
  if (first !== undefined) {
    await waitUntil(
      `RBAC allows ${namespace}/${name} its new Role`,
      () => isAllowed(config, namespace, first),
      { timeoutMs: 10_000 },
    );
  }
  return { namespace, name, username: `system:serviceaccount:${namespace}:${name}`, token, config };
}

/** SelfSubjectAccessReview: what the authorizer answers for the caller of `config`. */
export async function isAllowed(
  config: KubeConfig,
  namespace: string,
  rule: RoleRule,
): Promise<boolean> {
  const review = await config.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({
    body: {
      spec: {
        resourceAttributes: {
          namespace,
          group: rule.apiGroups[0] ?? '',
          resource: rule.resources[0] ?? '',
          verb: rule.verbs[0] ?? 'get',
        },
      },
    },
  });
  return review.status?.allowed === true;
}
