import { describe, expect, it } from '@jest/globals';
import { targetsOfTask, type TaskTargets } from '../../../src/experiment/targets.js';
import {
  CLUSTER,
  container,
  dockerId,
  ec2Id,
  instanceArn,
  instances,
  task,
  taskArn,
} from './fixtures.js';

const rules = (targetContainer?: string, targetPort = 80) => ({
  clusterName: CLUSTER,
  targetPort,
  targetContainer,
  instances: instances(1),
});

const names = (outcome: TaskTargets): string[] =>
  'targets' in outcome ? outcome.targets.map((target) => target.containerName) : [outcome.problem];

const problem = (outcome: TaskTargets): string =>
  'problem' in outcome ? outcome.problem : `no problem: ${JSON.stringify(outcome.targets)}`;

describe('bridge tasks', () => {
  const containers = [
    container('web', 80),
    container('admin', 80),
    container('sidecar', 9000),
    container('logger'),
  ];

  it('target every container whose bindings publish the port', () => {
    const outcome = targetsOfTask(task(1, { containers }), rules());
    expect(names(outcome)).toEqual(['web', 'admin']);
    expect('targets' in outcome && outcome.targets[0]).toEqual({
      taskArn: taskArn(1),
      taskId: task(1).id,
      clusterName: CLUSTER,
      instanceId: ec2Id(1),
      containerInstanceArn: instanceArn(1),
      containerName: 'web',
      runtimeId: dockerId(3),
      networkMode: 'bridge',
    });
  });

  it('narrow to TARGET_CONTAINER', () => {
    expect(names(targetsOfTask(task(1, { containers }), rules('admin')))).toEqual(['admin']);
  });

  it('refuse a TARGET_CONTAINER that does not publish the port, saying what it has', () => {
    expect(problem(targetsOfTask(task(1, { containers }), rules('sidecar')))).toBe(
      `task ${taskArn(1)}: container "sidecar" publishes containerPort 80/tcp (found: ` +
        '"web" [80->32848/tcp], "admin" [80->32848/tcp], "sidecar" [9000->41768/tcp], "logger" [no bindings])',
    );
  });

  it('refuse a TARGET_CONTAINER the task does not have', () => {
    expect(problem(targetsOfTask(task(1, { containers }), rules('db')))).toBe(
      `task ${taskArn(1)}: no running container named "db" (found: "web", "admin", "sidecar", "logger")`,
    );
  });

  it('ignore UDP bindings and stopped containers', () => {
    const udp = container('dns', 80, {
      networkBindings: [{ containerPort: 80, hostPort: 80, protocol: 'udp' }],
    });
    const stopped = container('old', 80, { lastStatus: 'STOPPED' });
    const outcome = targetsOfTask(
      task(1, { containers: [udp, stopped, container('web', 80)] }),
      rules(),
    );
    expect(names(outcome)).toEqual(['web']);
    expect(problem(targetsOfTask(task(1, { containers: [udp] }), rules()))).toContain(
      'no container publishes containerPort 80/tcp (found: "dns" [80->80/udp])',
    );
  });

  it('keep an unknown runtime ID as unknown', () => {
    const outcome = targetsOfTask(
      task(1, { containers: [container('web', 80, { runtimeId: undefined })] }),
      rules(),
    );
    expect('targets' in outcome && outcome.targets[0]?.runtimeId).toBeUndefined();
  });
});

describe('awsvpc tasks', () => {
  const awsvpc = (...containerNames: string[]) =>
    task(1, { networkMode: 'awsvpc', containers: containerNames.map((name) => container(name)) });

  it('get one target for the shared namespace, named by the first container by name', () => {
    const outcome = targetsOfTask(awsvpc('zeta', 'alpha', 'mid'), rules());
    expect(names(outcome)).toEqual(['alpha']);
    expect('targets' in outcome && outcome.targets[0]?.networkMode).toBe('awsvpc');
  });

  it('prefer a container that declares the port, then TARGET_CONTAINER over both', () => {
    const declared = task(1, {
      networkMode: 'awsvpc',
      containers: [container('alpha'), container('web', 80)],
    });
    expect(names(targetsOfTask(declared, rules()))).toEqual(['web']);
    expect(names(targetsOfTask(declared, rules('alpha')))).toEqual(['alpha']);
  });

  it('never name the pause container', () => {
    expect(names(targetsOfTask(awsvpc('~internal~ecs~pause', 'web'), rules()))).toEqual(['web']);
  });

  it('refuse a task with no running container', () => {
    expect(problem(targetsOfTask(awsvpc(), rules()))).toBe(
      `task ${taskArn(1)}: no running container (found: none)`,
    );
  });
});

describe('other network modes', () => {
  it('refuse host mode with the reason', () => {
    expect(problem(targetsOfTask(task(1, { networkMode: 'host' }), rules()))).toBe(
      `task ${taskArn(1)}: network mode host is not supported (the redirect would sit in the host's own namespace beside Docker's and the ECS agent's rules)`,
    );
  });

  it('refuse none mode', () => {
    expect(problem(targetsOfTask(task(1, { networkMode: 'none' }), rules()))).toContain(
      'network mode none has no network to fault',
    );
  });

  it('refuse a task whose instance was not resolved', () => {
    expect(problem(targetsOfTask(task(2), rules()))).toContain(
      'its container instance was not resolved',
    );
  });
});
