// The two IAM policies of experiments/ecs-container-http-reset-peer/: the seed's, exactly as
// published, and ours, exactly the actions the code calls (docs/decisions/0102).
import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repositoryRoot } from '../../../sandbox/kube/paths.js';
import {
  actionsInFolder,
  actionsInSource,
  allowedActions,
  PERMISSION_FREE,
  type Policy,
} from '../../support/ship/sdk-actions.js';

const root = repositoryRoot();
const experiments = join(root, 'experiments', 'ecs-container-http-reset-peer');
const readPolicy = async (name: string): Promise<Policy> =>
  JSON.parse(await readFile(join(experiments, name), 'utf8')) as Policy;

/** The policy block of the seed page, which starts at `{` + newline + `"Version"`. */
async function seedPolicy(): Promise<unknown> {
  const candidates = [
    join(root, '..', 'shared', 'seed', '000_6662a231aaeefc25.txt'),
    join(root, '..', '..', 'shared', 'seed', '000_6662a231aaeefc25.txt'),
  ];
  const file = candidates.find((candidate) => existsSync(candidate));
  if (file === undefined) throw new Error(`the seed page is not in ${candidates.join(', ')}`);
  const text = await readFile(file, 'utf8');
  const start = text.indexOf('{\n"Version"');
  expect(start).toBeGreaterThan(0);
  let depth = 0;
  for (let at = start; at < text.length; at++) {
    depth += text[at] === '{' ? 1 : text[at] === '}' ? -1 : 0;
    if (depth === 0) return JSON.parse(text.slice(start, at + 1));
  }
  throw new Error('the seed policy never closes');
}

describe('iam-policy.json', () => {
  it('is the seed page’s policy, as published', async () => {
    expect(await readPolicy('iam-policy.json')).toEqual(await seedPolicy());
  });
});

describe('iam-policy-least-privilege.json', () => {
  it('allows exactly the actions whose SDK commands src/aws/ imports', async () => {
    const imported = await actionsInFolder(join(root, 'src', 'aws'));
    // Never vacuous: an empty src/aws/ (or a parser that finds nothing) fails here.
    expect(imported.length).toBeGreaterThanOrEqual(5);
    const needed = [...new Set(imported.map((found) => found.action))]
      .filter((action) => !PERMISSION_FREE.includes(action))
      .sort();
    const policy = await readPolicy('iam-policy-least-privilege.json');
    expect(allowedActions(policy)).toEqual(needed);
  });

  it('grants sts:AssumeRole in a statement of its own, for ASSUME_ROLE_ARN', async () => {
    const policy = await readPolicy('iam-policy-least-privilege.json');
    const assume = policy.Statement.filter((statement) =>
      [statement.Action].flat().includes('sts:AssumeRole'),
    );
    expect(assume).toHaveLength(1);
    expect(assume[0]?.Action).toEqual(['sts:AssumeRole']);
    expect(assume[0]?.Sid).toMatch(/AssumeRoleArn/);
  });

  it('has no wildcard action, no Deny, and scopes ssm:SendCommand to AWS-RunShellScript', async () => {
    const policy = await readPolicy('iam-policy-least-privilege.json');
    expect(policy.Version).toBe('2012-10-17');
    for (const statement of policy.Statement) {
      expect(statement.Effect).toBe('Allow');
      for (const action of [statement.Action].flat()) expect(action).toMatch(/^[a-z]+:[A-Z]\w+$/);
    }
    const send = policy.Statement.find((statement) =>
      [statement.Action].flat().includes('ssm:SendCommand'),
    );
    expect(send?.Action).toEqual(['ssm:SendCommand']);
    expect(send?.Resource).toContain('arn:aws:ssm:*:*:document/AWS-RunShellScript');
    expect([send?.Resource].flat()).not.toContain('*');
  });
});

describe('reading SDK imports', () => {
  it('maps value imports of <Op>Command and paginate<Op> to <service>:<Op>', () => {
    const source = [
      "import { SendCommandCommand, CancelCommandCommand as Cancel } from '@aws-sdk/client-ssm';",
      "import { paginateListTasks, type ECSClient, type Failure } from '@aws-sdk/client-ecs';",
      "import type { AssumeRoleCommand } from '@aws-sdk/client-sts';",
      "import { type GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';",
      "import { defaultProvider } from '@aws-sdk/credential-provider-node';",
    ].join('\n');
    expect(actionsInSource(source, 'x.ts').map((found) => found.action)).toEqual([
      'ssm:SendCommand',
      'ssm:CancelCommand',
      'ecs:ListTasks',
    ]);
  });

  it('refuses a client package whose IAM prefix it does not know', () => {
    const source = "import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';";
    expect(() => actionsInSource(source, 'x.ts')).toThrow(/no IAM prefix known/);
  });

  it('would make the policy check fail if the code imported one more command', async () => {
    const imported = await actionsInFolder(join(root, 'src', 'aws'));
    const extra = actionsInSource(
      "import { StopTaskCommand } from '@aws-sdk/client-ecs';",
      'mutated.ts',
    );
    const needed = [...new Set([...imported, ...extra].map((found) => found.action))]
      .filter((action) => !PERMISSION_FREE.includes(action))
      .sort();
    const policy = await readPolicy('iam-policy-least-privilege.json');
    expect(allowedActions(policy)).not.toEqual(needed);
    expect(needed).toContain('ecs:StopTask');
  });
});
