import { describe, expect, it } from '@jest/globals';
import { hostRecoverySteps, recoveryCommand } from '../../../src/dispatch/recovery.js';
import { dockerId, ec2Id, target } from '../experiment/fixtures.js';

const input = {
  region: 'eu-west-1',
  instanceId: ec2Id(1),
  unitId: 'run-1-s2',
  libImage: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecs-http-chaos:0.1.0',
  drainSeconds: 45,
  targets: [target(1, 1), target(2, 1)],
};

describe('manual recovery for one host', () => {
  it('is aimed at that host and that chaos id only, in the revert order', () => {
    const steps = hostRecoverySteps(input);
    expect(steps[0]).toBe(
      'mkdir -p /var/lib/ecs-http-chaos && touch /var/lib/ecs-http-chaos/tombstone-run-1-s2',
    );
    expect(steps[1]).toContain('label=io.ecs-http-chaos.chaos-id=run-1-s2');
    // Longer than PROXY_DRAIN_SECONDS, as host.sh gives it: no proxy is killed mid-drain.
    expect(steps[1]).toContain('docker stop -t 55');
    expect(steps.filter((step) => step.includes('cleanup --id run-1-s2'))).toHaveLength(2);
    expect(steps[2]).toContain(`--network container:${dockerId(1)}`);
    expect(steps.at(-1)).toContain('xargs -r docker rm -f');
    for (const step of steps) expect(step).not.toMatch(/iptables|--all\b|-F\b|flush/);
  });

  it('finds the namespace by its ECS labels when ECS gave no runtime id', () => {
    const steps = hostRecoverySteps({
      ...input,
      targets: [{ ...target(1, 1), runtimeId: undefined }],
    });
    expect(steps[2]).toContain('--filter label=com.amazonaws.ecs.task-arn=');
  });

  it('is one aws ssm send-command with JSON parameters', () => {
    const command = recoveryCommand(input);
    expect(
      command.startsWith(
        `aws ssm send-command --region eu-west-1 --instance-ids ${ec2Id(1)} --document-name AWS-RunShellScript`,
      ),
    ).toBe(true);
    const json = /--parameters '(.*)'$/.exec(command)?.[1] ?? '';
    expect(JSON.parse(json)).toEqual({ commands: hostRecoverySteps(input) });
  });
});
