import { describe, expect, it } from '@jest/globals';
import { SettingsError, loadSettings } from '../../../sandbox/demo/settings.js';

const ROOT = '/repo';

function problems(env: Record<string, string>): string[] {
  try {
    loadSettings(env, ROOT);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as Error).message.split('\n');
  }
  throw new Error('expected the settings to be refused');
}

describe('demo settings', () => {
  it('defaults to the scenario the README describes', () => {
    expect(loadSettings({}, ROOT)).toMatchObject({
      resetTimeoutMs: 2000,
      affectedPercent: 50,
      windowSeconds: 15,
      tasks: 4,
      instances: 2,
      slowMs: 4000,
      probe: true,
      kube: 'auto',
      outDir: '/repo/.tmp/demo',
      image: 'ecs-http-chaos:dev',
    });
  });

  it('takes overrides, the slow requests following RESET_TIMEOUT unless set', () => {
    const settings = loadSettings(
      { RESET_TIMEOUT: '500', DEMO_TASKS: '6', DEMO_KUBE: 'off', DEMO_OUT_DIR: '/tmp/x' },
      ROOT,
    );
    expect(settings).toMatchObject({ resetTimeoutMs: 500, slowMs: 2500, tasks: 6, kube: 'off' });
    expect(settings.outDir).toBe('/tmp/x');
  });

  it('names every bad variable once, with its value, rule and an example', () => {
    const lines = problems({ DEMO_TASKS: '0', TOXICITY: 'lots', DEMO_KUBE: 'yes' });
    expect(lines).toEqual([
      "TOXICITY='lots': must be an integer 0..100, e.g. TOXICITY=100",
      "DEMO_TASKS='0': must be an integer 1..16, e.g. DEMO_TASKS=4",
      "DEMO_KUBE='yes': must be one of auto, off, e.g. DEMO_KUBE=off",
    ]);
  });

  it('refuses a reset that could never happen', () => {
    expect(problems({ RESET_TIMEOUT: '20000', TOTAL_CHAOS_DURATION: '10' })[0]).toContain(
      'RESET_TIMEOUT=20000 must be shorter than TOTAL_CHAOS_DURATION=10 s',
    );
    expect(problems({ DEMO_SLOW_MS: '1500' })[0]).toContain(
      'DEMO_SLOW_MS=1500 must be longer than RESET_TIMEOUT=2000',
    );
  });
});
