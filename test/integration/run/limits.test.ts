// Where the fault cannot work, refused in preflight with the reason (ADR 0156): ECS Service
// Connect and App Mesh proxies reach the app over lo; Bottlerocket has no Docker where Run
// Command runs. Real CLI and SDK against the emulator; nothing may be sent to a host.
import { afterEach, describe, expect, it } from '@jest/globals';
import type { EmulatorFixture, TaskFixture } from '../../../sandbox/emulator/fixture.js';
import { startAwsEmulator, type AwsEmulator } from '../../../sandbox/emulator/index.js';
import { sampleFixture } from '../../../sandbox/emulator/fixtures/sample.js';
import { SampleRun, experimentStatus } from './cli-world.js';

let aws: AwsEmulator | undefined;

afterEach(async () => {
  await aws?.stop();
  aws = undefined;
});

/** The sample world with every `web` task changed by `change`. */
function withWebTasks(change: (task: TaskFixture) => TaskFixture): EmulatorFixture {
  const fixture = sampleFixture();
  return {
    ...fixture,
    clusters: fixture.clusters.map((cluster) => ({
      ...cluster,
      tasks: (cluster.tasks ?? []).map((task) => (task.service === 'web' ? change(task) : task)),
    })),
  };
}

async function refused(fixture: EmulatorFixture) {
  aws = await startAwsEmulator(fixture);
  const run = await SampleRun.start(aws.endpoint, {
    TOTAL_CHAOS_DURATION: '10',
    RESET_TIMEOUT: '0',
  });
  const result = await run.finished();
  expect(aws.requests.count('ssm:SendCommand')).toBe(0);
  expect(result.code).toBe(3);
  return (experimentStatus(result)['errorOutput'] ?? {}) as Record<string, string>;
}

describe('run refuses what it cannot fault, naming why, before anything is sent', () => {
  it('ECS Service Connect', async () => {
    const error = await refused(
      withWebTasks((task) => ({
        ...task,
        serviceConnectContainer: 'ecs-service-connect-oRK9o',
        containers: [...task.containers, { name: 'ecs-service-connect-oRK9o' }],
      })),
    );
    expect(error['errorCode']).toBe('TARGET_SELECTION_ERROR');
    expect(error['reason']).toContain(
      'ECS Service Connect (proxy container ecs-service-connect-oRK9o) reaches the app over lo',
    );
  }, 60_000);

  it('an App Mesh Envoy sidecar', async () => {
    const image = '840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy:v1.29.6.0-prod';
    const error = await refused(
      withWebTasks((task) => ({
        ...task,
        containers: [...task.containers, { name: 'envoy', image }],
      })),
    );
    expect(error['errorCode']).toBe('TARGET_SELECTION_ERROR');
    expect(error['reason']).toContain(`App Mesh (Envoy container envoy, image ${image})`);
  }, 60_000);

  it('Bottlerocket container instances', async () => {
    const fixture = sampleFixture();
    const error = await refused({
      ...fixture,
      managedInstances: (fixture.managedInstances ?? []).map((instance) => ({
        ...instance,
        platformName: 'Bottlerocket',
      })),
    });
    expect(error['errorCode']).toBe('PREFLIGHT_ERROR');
    expect(error['reason']).toContain(
      'Bottlerocket (SSM PlatformName "Bottlerocket") runs Run Command in its control container, without Docker',
    );
  }, 60_000);
});
