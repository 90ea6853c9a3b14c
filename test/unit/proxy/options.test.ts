import { describe, expect, it } from '@jest/globals';
import { parseProxyOptions } from '../../../src/proxy/options.js';

const VALID = [
  '--id',
  'exp-1',
  '--target-port',
  '8080',
  '--proxy-port',
  '20000',
  '--reset-timeout-ms',
  '2000',
  '--duration-s',
  '60',
];

function errorsOf(args: string[]): readonly string[] {
  const parsed = parseProxyOptions(args);
  if (parsed.ok) throw new Error('expected a rejection');
  return parsed.errors;
}

describe('proxy flags', () => {
  it('reads a valid command line with defaults for the optional flags', () => {
    expect(parseProxyOptions(VALID)).toEqual({
      ok: true,
      value: {
        id: 'exp-1',
        targetPort: 8080,
        proxyPort: 20000,
        resetTimeoutMs: 2000,
        interface: 'auto',
        deadline: { kind: 'duration', seconds: 60 },
        toxicity: 100,
        drainS: 5,
        mechanism: 'auto',
      },
    });
  });

  it('takes --mechanism auto, destroy or relay, and names the choices otherwise', () => {
    for (const mechanism of ['auto', 'destroy', 'relay']) {
      expect(parseProxyOptions([...VALID, '--mechanism', mechanism])).toMatchObject({
        ok: true,
        value: { mechanism },
      });
    }
    expect(errorsOf([...VALID, '--mechanism', 'proxy'])).toEqual([
      "invalid --mechanism 'proxy': must be one of auto, destroy, relay (example: --mechanism relay)",
    ]);
  });

  it('accepts --flag=value, --until, --interface, --toxicity and --drain-s', () => {
    const parsed = parseProxyOptions([
      '--id=a',
      '--target-port=80',
      '--proxy-port=81',
      '--reset-timeout-ms=0',
      '--until=1767225600000',
      '--interface=eth0.100',
      '--toxicity=0',
      '--drain-s=0',
    ]);
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        deadline: { kind: 'until', epochMs: 1767225600000 },
        interface: 'eth0.100',
        toxicity: 0,
        drainS: 0,
        resetTimeoutMs: 0,
      },
    });
  });

  it('refuses . and .. as interface names, as the host script and the payload do', () => {
    for (const name of ['.', '..']) {
      expect(errorsOf([...VALID, '--interface', name])[0]).toMatch(/^invalid --interface/);
    }
  });

  it('names flag, value, rule and example for each bad value, all at once', () => {
    const errors = errorsOf([
      '--id',
      'Exp_1',
      '--target-port',
      '0',
      '--proxy-port',
      '65536',
      '--reset-timeout-ms',
      '1e3',
      '--duration-s',
      '60',
      '--toxicity',
      '101',
      '--drain-s',
      '-1',
      '--interface',
      'a/b',
    ]);
    expect(errors).toEqual([
      "invalid --id 'Exp_1': must be 1-64 characters of a-z, 0-9 and - (example: --id exp-7f3a)",
      "invalid --target-port '0': must be a whole number from 1 to 65535 (example: --target-port 8080)",
      "invalid --proxy-port '65536': must be a whole number from 1 to 65535 (example: --proxy-port 20000)",
      "invalid --reset-timeout-ms '1e3': must be a whole number from 0 to 86400000 (example: --reset-timeout-ms 2000)",
      "invalid --interface 'a/b': must be 'auto' or an interface name of 1-15 letters, digits, '_', '.', '-' (not . or ..) (example: --interface eth0)",
      "invalid --toxicity '101': must be a whole number from 0 to 100 (example: --toxicity 50)",
      "invalid --drain-s '-1': must be a whole number from 0 to 60 (example: --drain-s 5)",
    ]);
  });

  it('requires the id, ports, reset timeout and exactly one deadline', () => {
    const errors = errorsOf([]);
    expect(errors.join('\n')).toMatch(
      /missing --id[\s\S]*missing --target-port[\s\S]*missing --proxy-port[\s\S]*missing --reset-timeout-ms[\s\S]*missing --duration-s: give exactly one of --duration-s/,
    );
    expect(errorsOf([...VALID, '--until', '1767225600000'])).toEqual([
      expect.stringContaining('give exactly one of --duration-s'),
    ]);
  });

  it('refuses equal ports and a reset timeout at least as long as the window', () => {
    expect(
      errorsOf([
        '--id',
        'a',
        '--target-port',
        '80',
        '--proxy-port',
        '80',
        '--reset-timeout-ms',
        '60000',
        '--duration-s',
        '60',
      ]),
    ).toEqual([
      "invalid --proxy-port '80': must differ from --target-port (example: --proxy-port 20000)",
      "invalid --reset-timeout-ms '60000': must be shorter than the window (--duration-s 60 = 60000 ms), else nothing could ever be reset (example: --reset-timeout-ms 2000)",
    ]);
  });

  it('refuses --until values that are not 13-digit epoch milliseconds within the time match range', () => {
    expect(errorsOf([...VALID.slice(0, 8), '--until', '1767225600'])).toEqual([
      expect.stringContaining("invalid --until '1767225600'"),
    ]);
    expect(errorsOf([...VALID.slice(0, 8), '--until', '2147483648000'])).toEqual([
      expect.stringContaining('before 2038-01-19'),
    ]);
  });

  it('refuses unknown flags, stray words and repeated flags', () => {
    expect(errorsOf([...VALID, '--verbose', 'extra', '--id', 'b'])).toEqual([
      expect.stringContaining("unexpected argument '--verbose'"),
      expect.stringContaining("unexpected argument 'extra'"),
      'flag --id is given more than once: give it once',
    ]);
  });
});

describe('flag values', () => {
  it('says when a flag is missing its value', () => {
    expect(errorsOf([...VALID, '--toxicity'])).toEqual([
      'flag --toxicity needs a value (example: --toxicity=VALUE)',
    ]);
    expect(errorsOf([...VALID.slice(2), '--id', '--target-port', '1'])).toEqual(
      expect.arrayContaining(['flag --id needs a value (example: --id=VALUE)']),
    );
  });
});
