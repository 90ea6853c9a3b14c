// commandSizer (ADR 0192): the same bytes as encoding the whole command, for any subset of
// targets in any order, each target's line encoded once; invalid fields still refused.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { FaultConfig } from '../../../src/config/run-config.js';
import { commandSizer, commandTextFor } from '../../../src/experiment/commands.js';
import type { Target } from '../../../src/experiment/types.js';
import { commandBytes } from '../../../src/host/payload.js';
import { target } from './fixtures.js';

const FAULT: FaultConfig = {
  targetPort: 8080,
  proxyPort: 20000,
  resetTimeoutMs: 1000,
  networkInterface: 'auto',
  toxicity: 100,
  durationSeconds: 60,
  sequence: 'parallel',
  rampSeconds: 0,
  installDependencies: true,
  libImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/ecs-http-chaos:0.1.0',
  libImagePullPolicy: 'Always',
  drainSeconds: 5,
  reaperGraceSeconds: 120,
  watchIntervalSeconds: 10,
};
const SCRIPT = readFileSync('src/host/host.sh', 'utf8');

/** What the planner must match: the whole command, encoded, as it is sent. */
const encoded = (unitId: string, targets: readonly Target[]) =>
  commandBytes(
    commandTextFor(
      { fault: FAULT, unitId, mode: 'inject', targets, deadlineMs: 1_767_225_600_000 },
      SCRIPT,
    ),
  );

describe('commandSizer', () => {
  const targets = Array.from({ length: 60 }, (_, i) =>
    target(i + 1, (i % 7) + 1, i % 3 === 0 ? 'app' : `sidecar-${'x'.repeat(i % 11)}`),
  );

  it('counts exactly what encoding the whole command counts, for every prefix and unit id', () => {
    const measure = commandSizer(FAULT, SCRIPT);
    for (const unitId of ['e', 'exp-1-s2-p3', 'a'.repeat(64)]) {
      for (let n = 0; n <= targets.length; n += 1) {
        expect([unitId, n, measure(unitId, targets.slice(0, n))]).toEqual([
          unitId,
          n,
          encoded(unitId, targets.slice(0, n)),
        ]);
      }
    }
  });

  it('does not depend on order or on which targets it saw first (base64 padding included)', () => {
    const measure = commandSizer(FAULT, SCRIPT);
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let round = 0; round < 40; round += 1) {
      const pick = targets.filter(() => next() % 3 === 0).reverse();
      expect(measure('run-1', pick)).toBe(encoded('run-1', pick));
    }
  });

  it('still refuses a target whose field breaks ADR 0002, naming it', () => {
    const measure = commandSizer(FAULT, SCRIPT);
    const bad: Target = { ...target(1, 1), containerName: 'web;id' };
    expect(() => measure('run-1', [bad])).toThrow(/container name/);
  });
});
