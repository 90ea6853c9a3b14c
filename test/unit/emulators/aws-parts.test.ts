import { describe, expect, it } from '@jest/globals';
import { AwsError } from '../../../sandbox/emulator/errors.js';
import { Knobs, mulberry32 } from '../../../sandbox/emulator/knobs.js';
import { BadToken, paginate } from '../../../sandbox/emulator/pagination.js';
import { parseAuthorization } from '../../../sandbox/emulator/sigv4.js';
import { truncatePluginOutput } from '../../../sandbox/emulator/ssm/plugin-output.js';

const HEADER =
  'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260101/eu-west-1/ssm/aws4_request, ' +
  'SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc123';

describe('parseAuthorization', () => {
  it('reads the access key, region and service of the credential scope', () => {
    expect(parseAuthorization(HEADER, 'json')).toEqual({
      accessKeyId: 'AKIAEXAMPLE',
      date: '20260101',
      region: 'eu-west-1',
      service: 'ssm',
      signedHeaders: ['host', 'x-amz-date', 'x-amz-target'],
    });
  });

  it.each([
    [undefined, 'com.amazon.coral.service#MissingAuthenticationTokenException'],
    ['Bearer abc', 'com.amazon.coral.service#IncompleteSignatureException'],
    [
      HEADER.replace(', Signature=abc123', ''),
      'com.amazon.coral.service#IncompleteSignatureException',
    ],
    [HEADER.replace('/ssm/', '/'), 'com.amazon.coral.service#IncompleteSignatureException'],
  ])('refuses %p with %s', (header, code) => {
    const result = parseAuthorization(header, 'json');
    expect(result).toBeInstanceOf(AwsError);
    expect((result as AwsError).code).toBe(code);
  });

  it('answers the query dialect with STS codes and statuses', () => {
    const result = parseAuthorization(undefined, 'query') as AwsError;
    expect([result.code, result.status]).toEqual(['MissingAuthenticationToken', 403]);
  });
});

describe('paginate', () => {
  const items = Array.from({ length: 250 }, (_, i) => i);

  it('walks every item exactly once in pages', () => {
    const seen: number[] = [];
    let token: string | undefined;
    do {
      const page = paginate(items, 100, token, 'k');
      seen.push(...page.items);
      token = page.nextToken;
    } while (token !== undefined);
    expect(seen).toEqual(items);
  });

  it('refuses a token of other filters or a forged one', () => {
    const { nextToken } = paginate(items, 100, undefined, 'k');
    expect(() => paginate(items, 100, nextToken, 'other')).toThrow(BadToken);
    expect(() => paginate(items, 100, 'garbage', 'k')).toThrow(BadToken);
  });
});

describe('knobs', () => {
  it('draws the same sequence from the same seed', () => {
    const a = mulberry32(9);
    const b = mulberry32(9);
    const c = mulberry32(10);
    const draw = (next: () => number) => Array.from({ length: 5 }, next);
    expect(draw(a)).toEqual(draw(b));
    expect(draw(c)).not.toEqual(draw(mulberry32(9)));
  });

  it('throttles only the listed actions, denies per principal, and uses up counted rules', () => {
    const knobs = new Knobs({
      throttle: { rate: 1, actions: ['ssm:SendCommand'] },
      deny: [{ action: 'ecs:ListTasks', principalArn: 'arn:a' }],
      loseResponse: [{ action: 'ssm:SendCommand', mode: 'reset', times: 1 }],
      lateDelivery: [{ instanceId: 'i-1', delayMs: 500 }],
    });
    expect([knobs.throttles('ssm:SendCommand'), knobs.throttles('ecs:ListTasks')]).toEqual([
      true,
      false,
    ]);
    expect([
      knobs.denies('ecs:ListTasks', 'arn:a'),
      knobs.denies('ecs:ListTasks', 'arn:b'),
    ]).toEqual([true, false]);
    expect([
      knobs.takeLostResponse('ssm:SendCommand'),
      knobs.takeLostResponse('ssm:SendCommand'),
    ]).toEqual(['reset', undefined]);
    expect([
      knobs.takeDeliveryDelay('i-1'),
      knobs.takeDeliveryDelay('i-1'),
      knobs.takeDeliveryDelay('i-2'),
    ]).toEqual([500, 500, 0]);
  });
});

describe('truncatePluginOutput', () => {
  it('joins stdout and stderr under the agent banner', () => {
    expect(truncatePluginOutput('out', 'err')).toBe('out\n----------ERROR-------\nerr');
    expect(truncatePluginOutput('out', '')).toBe('out');
  });

  it('stays within 2,400 characters, marking what it cut', () => {
    const both = truncatePluginOutput('o'.repeat(5000), 'e'.repeat(5000));
    expect(both.length).toBeLessThanOrEqual(2400);
    expect(both).toContain('---Output truncated---');
    expect(both).toContain('---Error truncated----');
    const onlyOut = truncatePluginOutput('o'.repeat(5000), 'e');
    expect(onlyOut.length).toBeLessThanOrEqual(2400);
    expect(onlyOut.endsWith('\n----------ERROR-------\ne')).toBe(true);
  });
});
