// The chart's Role is exactly what the Litmus chaos runner and the experiment pod use
// (docs/decisions/0180), proven by removal under the real operator, runner, Job
// controller and kubelet: with the whole Role the sample engine runs to Pass; without any
// one of its permissions the run fails, and a log or the engine names the refusal. The
// probes' `patch chaosengines` (ADR 0162) is tried with a stopOnFailure probe; the source
// pods' rules are off by default (probes.source.enabled) and proven by test/e2e/kubernetes.
// Permissions whose absence stops everything before an inject run side by side; the ones
// that let a fault be injected run one at a time (two runs on one task would collide).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { permissionsOf } from '../../../sandbox/kube/identities.js';
import { engineStatus, type Json } from '../../../sandbox/litmus/engine.js';
import { EXPERIMENT, SERVICE_ACCOUNT, chartNamespace } from '../../../sandbox/litmus/namespace.js';
import {
  describeRun,
  runEngine,
  verdictOf,
  type Ran,
  type RunOptions,
} from '../../../sandbox/litmus/scenario.js';
import { startLitmusWorld, type LitmusWorld } from '../../../sandbox/litmus/world.js';
import { IMAGE, startWorld } from '../executor/world.js';

let started: LitmusWorld | undefined;
const world = (): LitmusWorld => {
  if (started === undefined) throw new Error('the Litmus world did not start (beforeAll)');
  return started;
};

/** Stopped before any inject: the runner cannot start the Job, or `run` cannot start. */
const EARLY = [
  'get chaosengines.litmuschaos.io',
  'update chaosengines.litmuschaos.io',
  'get chaosexperiments.litmuschaos.io',
  'create jobs.batch',
  'get secrets',
  'get chaosresults.litmuschaos.io',
  'create chaosresults.litmuschaos.io',
  'update chaosresults.litmuschaos.io',
  'get pods',
  'get events',
  'create events',
  // Only an engine with a stopOnFailure probe needs it (ADR 0162); such a run checks it first.
  'patch chaosengines.litmuschaos.io',
] as const;
/** What a permission's run changes in the sample engine so that the permission is used. */
const EDITS: Partial<Record<string, Partial<RunOptions>>> = {
  'patch chaosengines.litmuschaos.io': { stopOnFailure: true },
};
/** The runner cannot follow the pod (it gives up after statusCheckTimeouts). */
const LIST_PODS = 'list pods';
/** Only on a second run of the same engine: the first one creates every Event. */
const UPDATE_EVENTS = 'update events';
/** Only with jobCleanUpPolicy: delete, and the run itself passes: the Job stays behind. */
const DELETE_JOBS = 'delete jobs.batch';

const without = (name: string) => {
  const [verb = '', resource = ''] = name.split(' ');
  return { verb, resource };
};
const label = (name: string) =>
  `rbac-${name.replace(/\.litmuschaos\.io|\.batch/, '').replace(' ', '-')}`;

async function run(name: string, options: RunOptions): Promise<Ran> {
  const ran = await runEngine(world(), name.includes(' ') ? label(name) : name, options);
  process.stderr.write(`${describeRun(name, ran)}\n`);
  return ran;
}

const early = new Map<string, Promise<Ran>>();

/** At most `limit` at a time; each permission's run is awaited by its own test. */
function startEarlyRuns(limit: number): void {
  let chain: Promise<unknown>[] = Array.from({ length: limit }, () => Promise.resolve());
  EARLY.forEach((name, index) => {
    const slot = index % limit;
    const ran = chain[slot]!.then(() =>
      run(name, { probePath: '/health', without: without(name), traffic: false, ...EDITS[name] }),
    );
    chain[slot] = ran.catch(() => undefined);
    early.set(name, ran);
  });
  chain = [];
}

beforeAll(async () => {
  started = await startLitmusWorld({ sandbox: startWorld, image: IMAGE });
  startEarlyRuns(4);
}, 600_000);

afterAll(async () => {
  await Promise.allSettled(early.values());
  await started?.stop();
}, 600_000);

interface Binding {
  readonly subjects?: readonly { readonly name: string }[];
  readonly roleRef: { readonly kind: string; readonly name: string };
}

const succeeded = (ran: Ran): boolean => {
  const experiments = (engineStatus(ran.engine)['experiments'] ?? []) as Json[];
  return (
    experiments[0]?.['status'] === 'Completed' &&
    experiments[0]['verdict'] === 'Pass' &&
    verdictOf(ran) === 'Pass'
  );
};

/** The refusal, as the API server words it (the runner) or as `run` reports it. */
function expectRefusal(ran: Ran, name: string): void {
  const { verb, resource } = without(name);
  const plural = resource.split('.')[0] ?? '';
  const logs = [ran.runnerLog, ...ran.experimentLogs].join('\n');
  // The runner logs with logrus, which escapes the quotes of the API server's message.
  const refused =
    new RegExp(`cannot ${verb} resource \\\\?"${plural}\\\\?"`).test(logs) ||
    logs.includes(`forbidden: ${verb} ${resource}`);
  expect({ name, refused }).toEqual({ name, refused: true });
}

describe("the chart's Role under the real chaos runner", () => {
  it('grants exactly these permissions, nothing cluster-wide', async () => {
    const { rules } = await chartNamespace(world(), 'rbac-role');
    const granted = new Set(permissionsOf(rules).map((one) => `${one.verb} ${one.resource}`));
    expect([...granted].sort()).toEqual([...EARLY, LIST_PODS, UPDATE_EVENTS, DELETE_JOBS].sort());
  }, 60_000);

  it('binds cluster-admin to nobody but system:masters; the ServiceAccount has only its Role', async () => {
    const rbac = world().node.api.admin.makeApiClient(RbacAuthorizationV1Api);
    const cluster = (await rbac.listClusterRoleBinding()).items;
    const namespaced = (await rbac.listRoleBindingForAllNamespaces()).items;
    const admins = [...cluster, ...namespaced]
      .filter((binding) => binding.roleRef.name === 'cluster-admin')
      .map((binding) => [binding.metadata?.name, binding.subjects?.map((one) => one.name)]);
    expect(admins).toEqual([['cluster-admin', ['system:masters']]]);
    const names = (kind: string, bindings: readonly Binding[]) =>
      bindings
        .filter((binding) => binding.subjects?.some((one) => one.name === SERVICE_ACCOUNT))
        .map((binding) => `${kind} ${binding.roleRef.kind}/${binding.roleRef.name}`);
    const chart = [...names('ClusterRoleBinding', cluster), ...names('RoleBinding', namespaced)];
    expect(new Set(chart)).toEqual(new Set([`RoleBinding Role/${EXPERIMENT}`]));
    // The operator's own ClusterRole (Litmus's deploy/rbac.yaml) names its resources and verbs.
    const litmus = await rbac.readClusterRole({ name: 'litmus' });
    const wildcards = (litmus.rules ?? []).filter((rule) =>
      [...rule.verbs, ...(rule.resources ?? []), ...(rule.apiGroups ?? [])].includes('*'),
    );
    expect(wildcards).toEqual([]);
  }, 60_000);

  it('with the whole Role the sample engine passes and the Job is cleaned up', async () => {
    const ran = await run('rbac-whole-role', { probePath: '/health', jobCleanUpPolicy: 'delete' });
    expect(succeeded(ran)).toBe(true);
    expect(ran.jobs).toHaveLength(0);
  }, 300_000);

  it.each(EARLY)(
    'without %s the run fails before any inject',
    async (name) => {
      const ran = await early.get(name)!;
      expect(succeeded(ran)).toBe(false);
      expect(ran.injects).toBe(0);
      expectRefusal(ran, name);
    },
    600_000,
  );

  it(`without ${LIST_PODS} the runner loses the experiment pod`, async () => {
    const ran = await run(LIST_PODS, {
      probePath: '/health',
      without: without(LIST_PODS),
      statusCheckTimeoutS: 20,
    });
    expect(succeeded(ran)).toBe(false);
    expectRefusal(ran, LIST_PODS);
  }, 300_000);

  it(`without ${UPDATE_EVENTS} the second run of the engine fails`, async () => {
    const ran = await run(UPDATE_EVENTS, {
      probePath: '/health',
      without: without(UPDATE_EVENTS),
      again: true,
    });
    expect(succeeded(ran)).toBe(false);
    expectRefusal(ran, UPDATE_EVENTS);
  }, 400_000);

  it(`without ${DELETE_JOBS} the Job outlives a delete cleanup policy`, async () => {
    const ran = await run(DELETE_JOBS, {
      probePath: '/health',
      without: without(DELETE_JOBS),
      jobCleanUpPolicy: 'delete',
    });
    expect(succeeded(ran)).toBe(true);
    expect(ran.jobs).toHaveLength(1);
  }, 300_000);
});
