import type { ProbeSource } from './types.js';

type Json = Readonly<Record<string, unknown>>;

/** What a probe pod takes from the experiment's own pod (Litmus: getServiceAccount, inheritInputs). */
export interface ExperimentPodContext {
  /** The experiment's ServiceAccount: the probe acts with the experiment's rights. */
  readonly serviceAccountName: string | undefined;
  /** The experiment container's env, for `inheritInputs`. */
  readonly env: readonly Json[];
  /** Its secret volumes (the AWS credentials) and their mounts, for `inheritInputs`. */
  readonly secretVolumes: readonly Json[];
  readonly secretMounts: readonly Json[];
  /** The experiment container's resources, which Litmus gives the probe pod too. */
  readonly resources: Json | undefined;
}

export const NO_EXPERIMENT_POD: ExperimentPodContext = {
  serviceAccountName: undefined,
  env: [],
  secretVolumes: [],
  secretMounts: [],
  resources: undefined,
};

export interface ProbePodInput {
  readonly name: string;
  readonly experiment: string;
  readonly chaosUid: string;
  readonly source: ProbeSource;
  readonly command: string;
  /** LIB_IMAGE_PULL_POLICY, Litmus's default for probe pods too. */
  readonly defaultPullPolicy: string;
  readonly context: ExperimentPodContext;
  /** The kubelet ends the pod by itself after this, should the run die without deleting it. */
  readonly activeDeadlineSeconds: number;
  /** src/probes/probe-command.sh: runs `$1` with `sh -c`, stderr to the termination message. */
  readonly script: string;
}

/** The container's name: `<experiment>-probe`, as litmus-go names it, within 63 characters. */
export function probeContainerName(experiment: string): string {
  return `${experiment.slice(0, 57)}-probe`;
}

/**
 * The pod a source cmdProbe runs in, with the fields Litmus's createProbePod sets (name
 * `<experiment>-probe-<runID>`, labels name + chaosUID, the source's labels, annotations,
 * hostNetwork, privileged, nodeSelector, tolerations, imagePullSecrets, env, volumes) but
 * running the command itself, once, instead of `sleep 10000` plus an exec (ADR 0160).
 */
export function probePod(input: ProbePodInput): Json {
  const { source, context } = input;
  const inherit = source.inheritInputs;
  const container = {
    name: probeContainerName(input.experiment),
    image: source.image,
    imagePullPolicy: source.imagePullPolicy ?? input.defaultPullPolicy,
    command: ['/bin/sh', '-c', input.script, 'ehc-probe', input.command],
    env: [...(inherit ? context.env : []), ...source.env],
    volumeMounts: [...(inherit ? context.secretMounts : []), ...source.volumeMounts],
    securityContext: { privileged: source.privileged },
    terminationMessagePolicy: 'File',
    ...(context.resources === undefined ? {} : { resources: context.resources }),
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: input.name,
      // The chart's chaosUID label lets the operator delete it with the run on engine stop.
      labels: { ...source.labels, name: input.name.slice(0, 63), chaosUID: input.chaosUid },
      ...(Object.keys(source.annotations).length === 0 ? {} : { annotations: source.annotations }),
    },
    spec: {
      restartPolicy: 'Never',
      hostNetwork: source.hostNetwork,
      activeDeadlineSeconds: input.activeDeadlineSeconds,
      terminationGracePeriodSeconds: 1,
      ...(context.serviceAccountName === undefined
        ? {}
        : { serviceAccountName: context.serviceAccountName }),
      ...nonEmpty('nodeSelector', source.nodeSelector),
      ...nonEmptyList('tolerations', source.tolerations),
      ...nonEmptyList('imagePullSecrets', source.imagePullSecrets),
      ...nonEmptyList('volumes', [...(inherit ? context.secretVolumes : []), ...source.volumes]),
      containers: [container],
    },
  };
}

function nonEmpty(key: string, value: Readonly<Record<string, string>>): Json {
  return Object.keys(value).length === 0 ? {} : { [key]: value };
}

function nonEmptyList(key: string, value: readonly Json[]): Json {
  return value.length === 0 ? {} : { [key]: value };
}

/** The experiment pod (JSON) as far as a probe pod inherits from it. */
export function contextOf(pod: unknown): ExperimentPodContext {
  const spec = at(pod, 'spec');
  const containers = list(at(spec, 'containers'));
  const jobName = at(at(at(pod, 'metadata'), 'labels'), 'job-name');
  const container = containers.find((each) => at(each, 'name') === jobName) ?? containers[0];
  const secretVolumes = list(at(spec, 'volumes')).filter((volume) => at(volume, 'secret'));
  const secretNames = new Set(secretVolumes.map((volume) => at(volume, 'name')));
  const account = at(spec, 'serviceAccountName');
  const resources = at(container, 'resources');
  return {
    serviceAccountName: typeof account === 'string' && account !== '' ? account : undefined,
    env: list(at(container, 'env')),
    secretVolumes,
    secretMounts: list(at(container, 'volumeMounts')).filter((mount) =>
      secretNames.has(at(mount, 'name')),
    ),
    resources:
      typeof resources === 'object' && resources !== null ? (resources as Json) : undefined,
  };
}

function list(value: unknown): Json[] {
  return Array.isArray(value)
    ? (value as unknown[]).filter((item): item is Json => typeof item === 'object' && item !== null)
    : [];
}

function at(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
}
