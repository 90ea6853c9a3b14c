import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadFixture, parseKnobs } from '../../../sandbox/emulator/load-fixture.js';
import { EmulatorState } from '../../../sandbox/emulator/state.js';

const example = resolve(import.meta.dirname, '../../../sandbox/emulator/fixtures/example.json');
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ehc-aws-fixture-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function fixtureFile(content: string): Promise<string> {
  const path = join(scratch, `f-${Math.random().toString(16).slice(2)}.json`);
  await writeFile(path, content);
  return path;
}

describe('loadFixture', () => {
  it('loads the checked-in example', async () => {
    const fixture = await loadFixture(example);
    expect(fixture.region).toBe('us-east-1');
    expect(fixture.clusters[0]?.tasks?.length).toBeGreaterThan(0);
  });

  it.each([
    ['[]', 'must be a JSON object'],
    ['{"region":"us-east-1"}', 'clusters must be a list of objects with a name'],
    [
      '{"region":"US East","clusters":[]}',
      'region must be an AWS region such as us-east-1 (got "US East")',
    ],
    [
      '{"region":"us-east-1","clusters":[],"managedInstances":[{}]}',
      'managedInstances must be a list',
    ],
    ['{"region":', 'JSON'],
  ])('refuses %s naming the problem', async (content, problem) => {
    const path = await fixtureFile(content);
    await expect(loadFixture(path)).rejects.toThrow(`fixture ${path}:`);
    await expect(loadFixture(path)).rejects.toThrow(problem);
  });

  it('refuses knobs that are not an object', () => {
    expect(() => parseKnobs('[1]')).toThrow('--knobs must be a JSON object');
    expect(parseKnobs('{"throttle":{"rate":0.3}}')).toEqual({ throttle: { rate: 0.3 } });
  });
});

describe('EmulatorState', () => {
  it('copies the fixture, so mutations never leak into the caller', async () => {
    const fixture = await loadFixture(example);
    const state = new EmulatorState(fixture);
    const [instance] = state.managedInstances.keys();
    state.setPingStatus(instance!, 'ConnectionLost');
    expect(fixture.managedInstances?.[0]?.pingStatus).toBe('Online');
    const seen: string[] = [];
    state.onOnline((id) => seen.push(id));
    state.setPingStatus(instance!, 'Online');
    expect(seen).toEqual([instance]);
    expect(() => {
      state.setPingStatus('i-unknown', 'Online');
    }).toThrow('no managed instance i-unknown');
  });
});
