// The host script's `case` patterns against the executor's own field rules (ADR 0002):
// for edge values of every field, the script accepts exactly what payload-fields.ts
// accepts, and rejects the rest before doing anything (exit 2, one JSON error line the
// executor's parser reads). An accepted status command goes on to look for docker, here
// pointed at a socket that does not exist: exit 1, step docker, nothing touched. The
// script is the one sent, src/host/host.sh, built from src/host/sh (ADR 0200).
import { describe, expect, it } from '@jest/globals';
import {
  HEADER_RULES,
  TARGET_RULES,
  brokenRelation,
  brokenRule,
} from '../../../src/host/payload-fields.js';
import { parseHostOutput } from '../../../src/host/payload-output.js';
import {
  HEADER,
  HEADER_EDGES,
  INSTANCE,
  TARGET,
  TARGET_EDGES,
  b64,
  payloadOf,
  runScript,
} from './script-run.js';

function tsAccepts(header: readonly string[], target: readonly string[]): boolean {
  return (
    brokenRule(header, HEADER_RULES) === undefined &&
    brokenRule(target, TARGET_RULES) === undefined &&
    brokenRelation(target) === undefined
  );
}

async function expectVerdict(header: readonly string[], target: readonly string[]): Promise<void> {
  const outcome = await runScript(payloadOf(header, [target]));
  const report = parseHostOutput(outcome.stdout, { instanceId: INSTANCE });
  expect(report.ignoredCount).toBe(0);
  if (tsAccepts(header, target)) {
    expect({ code: outcome.code, step: report.hostErrors[0]?.step }).toEqual({
      code: 1,
      step: 'docker',
    });
  } else {
    expect({ code: outcome.code, step: report.hostErrors[0]?.step }).toEqual({
      code: 2,
      step: 'validate',
    });
    expect(report.hostErrors[0]!.reason).toMatch(/^payload rejected, nothing was done: /);
  }
}

describe('the host script applies exactly the rules of payload-fields.ts', () => {
  for (const [index, values] of Object.entries(TARGET_EDGES)) {
    it(`target field ${TARGET_RULES[Number(index)]!.name}`, async () => {
      for (const value of values) {
        const target = [...TARGET];
        target[Number(index)] = value;
        await expectVerdict(HEADER, target);
      }
    });
  }
  for (const [index, values] of Object.entries(HEADER_EDGES)) {
    it(`header field ${HEADER_RULES[Number(index)]!.name}`, async () => {
      for (const value of values) {
        const header = [...HEADER];
        header[Number(index)] = value;
        await expectVerdict(header, TARGET);
      }
    });
  }
});

describe('the host script rejects a malformed command before anything runs', () => {
  const rejected = async (
    payloadBase64: string,
    reason: RegExp,
    env: Record<string, string> = {},
  ) => {
    const outcome = await runScript(payloadBase64, env);
    expect(outcome.code).toBe(2);
    const report = parseHostOutput(outcome.stdout, { instanceId: INSTANCE });
    expect(report.hostErrors).toEqual([
      { step: 'validate', reason: expect.stringMatching(reason) as unknown },
    ]);
  };

  it('a field missing, one too many, or empty', async () => {
    await rejected(payloadOf(HEADER, [TARGET.slice(0, 11)]), /target line 1 has 11 fields, not 12/);
    await rejected(payloadOf(HEADER, [[...TARGET, 'x']]), /has 13 fields, not 12/);
    await rejected(
      b64(`${HEADER.join('\t')}\n${TARGET.join('\t').replace('\tweb\t', '\t\t')}\n`),
      /has 11 fields|empty field/,
    );
  });

  it('a newline or carriage return inside a field', async () => {
    const split = [...TARGET];
    split[3] = 'we\nb';
    await rejected(payloadOf(HEADER, [split]), /target line/);
    const cr = [...TARGET];
    cr[11] = `${cr[11]!}\r`;
    await rejected(payloadOf(HEADER, [cr]), /deadline is/);
  });

  it('a NUL byte, and text that is not base64', async () => {
    const nul = [...TARGET];
    nul[3] = 'web\u0000x';
    await rejected(payloadOf(HEADER, [nul]), /container name is/);
    await rejected('', /P is empty/);
    await rejected('abc$(id)', /outside the base64 alphabet/);
    await rejected('abcde', /not valid base64/);
  });

  it('a deadline with a leading 0 (sh arithmetic would read it as octal)', async () => {
    const octal = [...TARGET];
    octal[11] = '0999999999999';
    expect(tsAccepts(HEADER, octal)).toBe(false);
    await rejected(payloadOf(HEADER, [octal]), /deadline is '0999999999999'/);
  });

  it('proxy port equal to the target port', async () => {
    const same = [...TARGET];
    same[7] = same[6]!;
    await rejected(payloadOf(HEADER, [same]), /proxy port equals target port/);
  });

  it('an AWS_SSM_INSTANCE_ID that is no instance id, and bad paths from the environment', async () => {
    const payload = payloadOf(HEADER, [TARGET]);
    const bad = await runScript(payload, { AWS_SSM_INSTANCE_ID: 'i-$(id)' });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('AWS_SSM_INSTANCE_ID');
    await rejected(payload, /ECS_HTTP_CHAOS_STATE_DIR 'rel\/dir' must be an absolute path/, {
      ECS_HTTP_CHAOS_STATE_DIR: 'rel/dir',
    });
    await rejected(payload, /ECS_HOST_DATA_DIR '\/a,b' must be an absolute path/, {
      ECS_HOST_DATA_DIR: '/a,b',
    });
  });

  it('quotes an overlong value shortened, and keeps the JSON line valid', async () => {
    const long = [...TARGET];
    long[3] = `"\\${'x'.repeat(400)}`;
    const outcome = await runScript(payloadOf(HEADER, [long]));
    const report = parseHostOutput(outcome.stdout, { instanceId: INSTANCE });
    expect(report.hostErrors[0]!.reason).toContain(`'"\\${'x'.repeat(58)}...' (402 chars)`);
  });
});
