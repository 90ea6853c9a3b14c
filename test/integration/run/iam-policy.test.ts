// `run` under the fault's published IAM policy and under the project's least-privilege one
// (ADR 0154): the emulator denies whatever the policy document does not allow. Real CLI,
// real SDK; the hosts have no Docker, so the run ends at the host script: what is checked
// here is what AWS was asked and what it refused.
import { afterEach, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startAwsEmulator, type AwsEmulator } from '../../../sandbox/emulator/index.js';
import { sampleFixture } from '../../../sandbox/emulator/fixtures/sample.js';
import type { PolicyDocument } from '../../../sandbox/emulator/policy.js';
import { repositoryRoot } from '../../../sandbox/kube/paths.js';
import { SampleRun, experimentStatus } from './cli-world.js';

let aws: AwsEmulator | undefined;

afterEach(async () => {
  await aws?.stop();
  aws = undefined;
});

const policy = async (name: string): Promise<PolicyDocument> =>
  JSON.parse(
    await readFile(
      join(repositoryRoot(), 'experiments', 'ecs-container-http-reset-peer', name),
      'utf8',
    ),
  ) as PolicyDocument;

async function runUnder(document: PolicyDocument) {
  const fixture = sampleFixture({
    hostEnv: () => ({ DOCKER_HOST: 'unix:///nonexistent/ehc-docker.sock' }),
  });
  aws = await startAwsEmulator(fixture, { policy: document });
  const run = await SampleRun.start(aws.endpoint, {
    TOTAL_CHAOS_DURATION: '10',
    RESET_TIMEOUT: '1000',
  });
  const result = await run.finished();
  const denied = aws.requests
    .all()
    .filter((request) => request.errorCode === 'AccessDeniedException')
    .map((request) => request.action);
  return { result, denied, requests: aws.requests };
}

describe('run under an IAM policy document', () => {
  it('the published iam-policy.json: only the ListCommandInvocations probe is refused, and the run goes on', async () => {
    const { result, denied, requests } = await runUnder(await policy('iam-policy.json'));
    expect(denied).toEqual(['ssm:ListCommandInvocations']);
    expect(requests.count('ecs:DescribeTaskDefinition')).toBe(0);
    expect(requests.count('ssm:SendCommand')).toBeGreaterThan(0);
    expect(requests.count('ssm:GetCommandInvocation')).toBeGreaterThan(1);
    const said = result.lines.filter((line) =>
      line.message.startsWith('ssm:ListCommandInvocations is not allowed'),
    );
    expect(said).toHaveLength(1);
    const error = JSON.stringify(experimentStatus(result)['errorOutput']);
    expect(error).not.toContain('PREFLIGHT_ERROR');
    expect(error).not.toMatch(/denied/i);
  }, 90_000);

  it('the least-privilege policy: nothing refused, invocations listed', async () => {
    const { result, denied, requests } = await runUnder(
      await policy('iam-policy-least-privilege.json'),
    );
    expect(denied).toEqual([]);
    expect(requests.count('ssm:ListCommandInvocations')).toBeGreaterThan(1);
    expect(result.lines.some((line) => line.message.includes('is not allowed'))).toBe(false);
  }, 90_000);

  it('a policy without GetCommandInvocation: refused in preflight, naming the line to add; nothing sent', async () => {
    const published = await policy('iam-policy.json');
    const without: PolicyDocument = {
      ...published,
      Statement: published.Statement.map((statement) => ({
        ...statement,
        Action: [statement.Action].flat().filter((action) => action !== 'ssm:GetCommandInvocation'),
      })),
    };
    const { result, requests } = await runUnder(without);
    expect(requests.count('ssm:SendCommand')).toBe(0);
    expect(experimentStatus(result)['errorOutput']).toMatchObject({ errorCode: 'PREFLIGHT_ERROR' });
    expect(JSON.stringify(experimentStatus(result))).toContain(
      'add \\"ssm:GetCommandInvocation\\" to the Action list',
    );
  }, 90_000);
});
