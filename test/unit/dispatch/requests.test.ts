import { describe, expect, it } from '@jest/globals';
import {
  DELIVERY_SECONDS,
  executionSeconds,
  sendRequestFor,
  waitBudgetMs,
} from '../../../src/dispatch/requests.js';
import { decodePayload } from '../../../src/host/payload-decode.js';
import { load } from '../config/helpers.js';
import { target } from '../experiment/fixtures.js';

const fault = load({ PROXY_DRAIN_SECONDS: '5' }).fault;
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const base = { unitId: 'run-1', instanceIds: ['i-1'], nowMs: NOW };

describe('SendCommand requests', () => {
  it('keeps delivery timeouts short: 30 s for an inject, 60 s for a revert', () => {
    expect(DELIVERY_SECONDS.inject).toBe(30);
    expect(DELIVERY_SECONDS.revert).toBeLessThanOrEqual(60);
    for (const seconds of Object.values(DELIVERY_SECONDS))
      expect(seconds).toBeGreaterThanOrEqual(30);
  });

  it('sizes an inject to its window, within 30..600 s', () => {
    const inject = (windowS: number) =>
      executionSeconds(fault, {
        ...base,
        mode: 'inject',
        targets: [],
        deadlineMs: NOW + windowS * 1000,
      });
    expect(inject(5)).toBe(30);
    expect(inject(120)).toBe(120);
    expect(inject(86_400)).toBe(600);
  });

  it('sizes a revert to the drain and the busiest host', () => {
    const revert = (targets: ReturnType<typeof target>[]) =>
      executionSeconds(fault, { ...base, mode: 'revert', targets, deadlineMs: NOW });
    expect(revert([target(1, 1)])).toBe(60 + 5 + 10);
    expect(revert([target(1, 1), target(2, 1), target(3, 2)])).toBe(60 + 5 + 20);
  });

  it('carries the payload, the script, the mode and the chaos id', () => {
    const request = sendRequestFor(fault, '# script\n', {
      ...base,
      mode: 'inject',
      targets: [target(1, 1)],
      deadlineMs: NOW + 60_000,
    });
    expect(request.commands[1]).toBe('# script\n');
    const payload = decodePayload(request.commands[0].slice(3, -1));
    expect(payload.header).toMatchObject({ mode: 'inject', chaosId: 'run-1' });
    expect(payload.targets[0]?.deadlineMs).toBe(NOW + 60_000);
    expect(request.comment).toBe('ecs-http-chaos inject run-1');
    expect(waitBudgetMs(request)).toBe((30 + 60 + 15) * 1000);
  });
});
